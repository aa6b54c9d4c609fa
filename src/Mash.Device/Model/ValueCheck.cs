using Mash.Protocol.Wire;

namespace Mash.Device.Model;

/// <summary>
/// Type and range checks shared by attribute writes and command parameters, so both reject the
/// same values the same way: a value of the wrong kind is INVALID_PARAMETER, a value of the right
/// kind outside the type's or the declaration's range is CONSTRAINT_ERROR.
/// </summary>
internal static class ValueCheck
{
    public static StatusCode Check(string name, AttributeType type, bool nullable, long minimum, long maximum, CborValue value, out string? problem)
    {
        problem = null;
        if (value.IsNull)
        {
            if (nullable)
            {
                return StatusCode.Success;
            }

            problem = name + " cannot be null";
            return StatusCode.InvalidParameter;
        }

        switch (type)
        {
            case AttributeType.Boolean:
                return Kind(name, value, CborValueKind.Boolean, "a boolean", out problem);
            case AttributeType.Text:
                return Kind(name, value, CborValueKind.Text, "a text string", out problem);
            case AttributeType.Bytes:
                return Kind(name, value, CborValueKind.Bytes, "a byte string", out problem);
            case AttributeType.Array:
                return Kind(name, value, CborValueKind.Array, "an array", out problem);
            case AttributeType.Map:
                return Kind(name, value, CborValueKind.Map, "a map", out problem);
            case AttributeType.UInt64:
                if (value.Kind != CborValueKind.Integral)
                {
                    problem = name + " must be an integer, not " + value;
                    return StatusCode.InvalidParameter;
                }

                if (value.IsNegative)
                {
                    problem = name + " must not be negative";
                    return StatusCode.ConstraintError;
                }

                // Declared bounds of uint64 values fit in long in this model; a larger value is
                // only out of range when a maximum is declared.
                if (value.TryGetInt64(out long big))
                {
                    return Range(name, big, long.MinValue, long.MaxValue, minimum, maximum, out problem);
                }

                if (maximum != AttributeDeclaration.NoMaximum)
                {
                    problem = name + " must be at most " + maximum;
                    return StatusCode.ConstraintError;
                }

                return StatusCode.Success;
            default:
                if (value.Kind != CborValueKind.Integral)
                {
                    problem = name + " must be an integer, not " + value;
                    return StatusCode.InvalidParameter;
                }

                if (!value.TryGetInt64(out long number))
                {
                    problem = name + " is out of range";
                    return StatusCode.ConstraintError;
                }

                return Range(name, number, TypeMinimum(type), TypeMaximum(type), minimum, maximum, out problem);
        }
    }

    private static StatusCode Kind(string name, CborValue value, CborValueKind kind, string what, out string? problem)
    {
        if (value.Kind == kind)
        {
            problem = null;
            return StatusCode.Success;
        }

        problem = name + " must be " + what + ", not " + value;
        return StatusCode.InvalidParameter;
    }

    private static StatusCode Range(string name, long value, long typeMin, long typeMax, long minimum, long maximum, out string? problem)
    {
        // The "none" sentinels (long.MinValue, long.MaxValue) never narrow a type's range.
        long low = minimum > typeMin ? minimum : typeMin;
        long high = maximum < typeMax ? maximum : typeMax;
        if (value < low || value > high)
        {
            problem = name + " must be between " + low + " and " + high + ", not " + value;
            return StatusCode.ConstraintError;
        }

        problem = null;
        return StatusCode.Success;
    }

    private static long TypeMinimum(AttributeType type) => type == AttributeType.Int64 ? long.MinValue : 0;

    private static long TypeMaximum(AttributeType type)
    {
        switch (type)
        {
            case AttributeType.UInt8:
                return byte.MaxValue;
            case AttributeType.UInt16:
                return ushort.MaxValue;
            case AttributeType.UInt32:
                return uint.MaxValue;
            default:
                return long.MaxValue;
        }
    }
}
