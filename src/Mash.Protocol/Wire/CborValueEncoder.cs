using Mash.Protocol.Portable;

namespace Mash.Protocol.Wire;

/// <summary>
/// Writes values the way the reference encoder does: definite lengths, map keys in canonical
/// (RFC 7049 length-first) order, non-negative integers as unsigned, no tags. Floats are always
/// float64 because [63] makes float64 the only float a receiver must handle natively.
/// </summary>
internal static class CborValueEncoder
{
    public static CborWriter CreateWriter() => new();

    public static void Write(CborWriter writer, CborValue value)
    {
        switch (value.Kind)
        {
            case CborValueKind.Null:
                writer.WriteNull();
                break;
            case CborValueKind.Boolean:
                writer.WriteBoolean(value.Argument != 0);
                break;
            case CborValueKind.Integral:
                if (value.IsNegative)
                {
                    writer.WriteCborNegativeIntegerRepresentation(value.Argument);
                }
                else
                {
                    writer.WriteUInt64(value.Argument);
                }

                break;
            case CborValueKind.FloatingPoint:
                writer.WriteFloat64(value.DoubleValue);
                break;
            case CborValueKind.Text:
                writer.WriteTextString((string)value.Reference!);
                break;
            case CborValueKind.Bytes:
                writer.WriteByteString((byte[])value.Reference!);
                break;
            case CborValueKind.Array:
                var items = (CborValue[])value.Reference!;
                writer.WriteStartArray(items.Length);
                foreach (CborValue item in items)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                WriteMap(writer, (CborMap)value.Reference!);
                break;
        }
    }

    public static void WriteKey(CborWriter writer, CborKey key)
    {
        if (key.IsText)
        {
            writer.WriteTextString(key.Text!);
        }
        else if (key.IsNegative)
        {
            writer.WriteCborNegativeIntegerRepresentation(key.Argument);
        }
        else
        {
            writer.WriteUInt64(key.Argument);
        }
    }

    public static void WriteMap(CborWriter writer, CborMap map)
    {
        writer.WriteStartMap(map.Count);
        if (IsCanonical(map))
        {
            // The common case (maps built in key order): no order array, so no allocation.
            for (int index = 0; index < map.Count; index++)
            {
                WriteKey(writer, map.GetKey(index));
                Write(writer, map.GetValue(index));
            }
        }
        else
        {
            foreach (int index in CanonicalOrder(map))
            {
                WriteKey(writer, map.GetKey(index));
                Write(writer, map.GetValue(index));
            }
        }

        writer.WriteEndMap();
    }

    private static bool IsCanonical(CborMap map)
    {
        for (int i = 1; i < map.Count; i++)
        {
            if (Compare(map.GetKey(i - 1), map.GetKey(i)) > 0)
            {
                return false;
            }
        }

        return true;
    }

    private static int[] CanonicalOrder(CborMap map)
    {
        int[] order = new int[map.Count];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        // Insertion sort: maps are small, and it is stable without a generic comparer.
        for (int i = 1; i < order.Length; i++)
        {
            int current = order[i];
            CborKey key = map.GetKey(current);
            int j = i - 1;
            while (j >= 0 && Compare(map.GetKey(order[j]), key) > 0)
            {
                order[j + 1] = order[j];
                j--;
            }

            order[j + 1] = current;
        }

        return order;
    }

    /// <summary>RFC 7049 canonical order: shorter encoding first, then bytewise.</summary>
    internal static int Compare(CborKey a, CborKey b)
    {
        Describe(a, out int majorA, out ulong argA, out byte[]? textA);
        Describe(b, out int majorB, out ulong argB, out byte[]? textB);
        int lengthA = HeaderLength(argA) + (textA is null ? 0 : textA.Length);
        int lengthB = HeaderLength(argB) + (textB is null ? 0 : textB.Length);
        if (lengthA != lengthB)
        {
            return lengthA < lengthB ? -1 : 1;
        }

        int firstA = (majorA << 5) | AdditionalInfo(argA);
        int firstB = (majorB << 5) | AdditionalInfo(argB);
        if (firstA != firstB)
        {
            return firstA < firstB ? -1 : 1;
        }

        // Same first byte: same major type and argument width, so the argument compares
        // numerically, and for text equal lengths leave only the content to compare.
        int byArgument = argA == argB ? 0 : argA < argB ? -1 : 1;
        if (byArgument != 0 || textA is null || textB is null)
        {
            return byArgument;
        }

        for (int i = 0; i < textA.Length; i++)
        {
            if (textA[i] != textB[i])
            {
                return textA[i] < textB[i] ? -1 : 1;
            }
        }

        return 0;
    }

    private static void Describe(CborKey key, out int major, out ulong argument, out byte[]? text)
    {
        if (key.IsText)
        {
            text = Utf8.GetBytes(key.Text!);
            major = 3;
            argument = (ulong)text.Length;
            return;
        }

        text = null;
        major = key.IsNegative ? 1 : 0;
        argument = key.Argument;
    }

    private static int HeaderLength(ulong argument) =>
        argument < 24 ? 1 : argument <= byte.MaxValue ? 2 : argument <= ushort.MaxValue ? 3 : argument <= uint.MaxValue ? 5 : 9;

    private static int AdditionalInfo(ulong argument) =>
        argument < 24 ? (int)argument : argument <= byte.MaxValue ? 24 : argument <= ushort.MaxValue ? 25 : argument <= uint.MaxValue ? 26 : 27;
}
