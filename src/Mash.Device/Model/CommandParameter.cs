using System;
using Mash.Protocol.Wire;

namespace Mash.Device.Model;

/// <summary>
/// One command parameter. It has two keys because the two sources disagree: mash-go sends the
/// parameter name as a text key, [63] features/*.md numbers them; a request may use either.
/// </summary>
public sealed class CommandParameter
{
    public CommandParameter(
        int key,
        string name,
        AttributeType type,
        bool required = false,
        long minimum = AttributeDeclaration.NoMinimum,
        long maximum = AttributeDeclaration.NoMaximum,
        string? unit = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (key < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(key), "a parameter key is not negative");
        }

        Key = key;
        Name = name;
        Type = type;
        Required = required;
        Minimum = minimum;
        Maximum = maximum;
        Unit = unit;
    }

    /// <summary>The integer key of [63] ("1: consumptionLimit").</summary>
    public int Key { get; }

    /// <summary>The text key of the reference ("consumptionLimit").</summary>
    public string Name { get; }

    public AttributeType Type { get; }

    public bool Required { get; }

    /// <summary>Smallest value accepted beyond the type's own; <see cref="AttributeDeclaration.NoMinimum"/> when none.</summary>
    public long Minimum { get; }

    /// <summary>Largest value accepted beyond the type's own; <see cref="AttributeDeclaration.NoMaximum"/> when none.</summary>
    public long Maximum { get; }

    public string? Unit { get; }

    /// <summary>
    /// Checks a supplied value. Null is never a valid parameter value ([63] interaction-model 2.4:
    /// omit the key instead).
    /// </summary>
    public StatusCode Check(CborValue value, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(value);
        StatusCode status = ValueCheck.Check(Name, Type, nullable: false, Minimum, Maximum, value, out problem);

        // Commands answer every bad parameter with INVALID_PARAMETER, the code [63] 8.1 defines
        // as "parameter value out of range"; CONSTRAINT_ERROR is for attribute writes.
        return status == StatusCode.Success ? status : StatusCode.InvalidParameter;
    }
}
