using System;
using Mash.Protocol.Wire;

namespace Mash.Device.Model;

/// <summary>
/// One attribute of a feature as the wire and the PICS see it. The interaction layer validates
/// writes against it before a feature sees the value, so a feature never has to re-check types.
/// </summary>
public sealed class AttributeDeclaration
{
    /// <summary>IDs from here up are global attributes (clusterRevision, featureMap, ...), never writable.</summary>
    public const ushort FirstGlobalId = 0xFFF0;

    /// <summary><see cref="Minimum"/> when no minimum is declared beyond the type's own.</summary>
    public const long NoMinimum = long.MinValue;

    /// <summary><see cref="Maximum"/> when no maximum is declared beyond the type's own.</summary>
    public const long NoMaximum = long.MaxValue;

    public AttributeDeclaration(
        ushort id,
        string name,
        AttributeType type,
        bool writable = false,
        bool nullable = false,
        long minimum = NoMinimum,
        long maximum = NoMaximum,
        bool perZone = false,
        string? unit = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Id = id;
        Name = name;
        Type = type;
        Writable = writable;
        Nullable = nullable;
        Minimum = minimum;
        Maximum = maximum;
        PerZone = perZone;
        Unit = unit;
    }

    public ushort Id { get; }

    /// <summary>The name tools address it by ("effectiveConsumptionLimit"), as the reference names it.</summary>
    public string Name { get; }

    public AttributeType Type { get; }

    public bool Writable { get; }

    /// <summary>Null is a legal value ("not set"), distinct from 0.</summary>
    public bool Nullable { get; }

    /// <summary>Smallest value a write may set, beyond what the type allows; <see cref="NoMinimum"/> when none is declared.</summary>
    public long Minimum { get; }

    /// <summary>Largest value a write may set, beyond what the type allows; <see cref="NoMaximum"/> when none is declared.</summary>
    public long Maximum { get; }

    public bool HasMinimum => Minimum != NoMinimum;

    public bool HasMaximum => Maximum != NoMaximum;

    /// <summary>The value depends on the zone that reads it ("my..." attributes).</summary>
    public bool PerZone { get; }

    /// <summary>Unit for tools and logs ("mW", "s"), or null.</summary>
    public string? Unit { get; }

    public bool IsGlobal => Id >= FirstGlobalId;

    /// <summary>Checks a value a controller wants to write; SUCCESS or the status to answer with.</summary>
    public StatusCode Check(CborValue value, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(value);
        return ValueCheck.Check(Name, Type, Nullable, Minimum, Maximum, value, out problem);
    }

    public override string ToString() => Name + " (" + Id + ")";
}
