using System;
using Mash.Protocol.Wire;

namespace Mash.Device.Model;

/// <summary>
/// One command parameter. It has two keys because the two sources disagree: mash-go sends the
/// parameter name as a text key, [63] features/*.md numbers them; a request may use either.
/// </summary>
public sealed class CommandParameter
{
    public CommandParameter(int key, string name, AttributeType type, bool required = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfNegative(key);
        Key = key;
        Name = name;
        Type = type;
        Required = required;
    }

    /// <summary>The integer key of [63] ("1: consumptionLimit").</summary>
    public int Key { get; }

    /// <summary>The text key of the reference ("consumptionLimit").</summary>
    public string Name { get; }

    public AttributeType Type { get; }

    public bool Required { get; }

    public long? Minimum { get; init; }

    public long? Maximum { get; init; }

    public string? Unit { get; init; }

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
