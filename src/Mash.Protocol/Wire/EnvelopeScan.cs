namespace Mash.Protocol.Wire;

/// <summary>The shape of one top-level field, as far as classification needs it.</summary>
internal enum FieldKind
{
    Absent,
    Unsigned,
    Negative,
    Bytes,
    Text,
    Array,
    Map,
    Boolean,
    Null,
    Float,
    Other,
}

internal struct FieldInfo
{
    public FieldKind Kind;

    /// <summary>The argument of an unsigned integer.</summary>
    public ulong Value;

    /// <summary>Offset of definite string content, or -1 for an indefinite string.</summary>
    public int Start;

    public int Length;

    public readonly bool IsPresent => Kind != FieldKind.Absent;

    public readonly bool IsUnsigned(ulong max) => Kind == FieldKind.Unsigned && Value <= max;
}

/// <summary>
/// One allocation-free pass over a frame: checks that it is exactly one well-formed CBOR item
/// within the decode limits and, if it is a map, records integer keys 1..5 and the text keys
/// of the [63] control form. Duplicate keys: the last one wins here; the decoders refuse the
/// frame afterwards (message-framing.md 3.4), and the request decoder uses this scan to find the
/// message ID for its error answer.
/// </summary>
internal struct EnvelopeScan
{
    private readonly byte[] _data;

    public FieldInfo Key1;
    public FieldInfo Key2;
    public FieldInfo Key3;
    public FieldInfo Key4;
    public FieldInfo Key5;
    public FieldInfo TextType;
    public FieldInfo TextSeq;
    public FieldInfo TextReason;

    private EnvelopeScan(byte[] data)
    {
        _data = data;
        WellFormed = false;
        IsMap = false;
        Key1 = default;
        Key2 = default;
        Key3 = default;
        Key4 = default;
        Key5 = default;
        TextType = default;
        TextSeq = default;
        TextReason = default;
    }

    /// <summary>The frame is one complete, bounded CBOR item with no trailing bytes.</summary>
    public bool WellFormed { get; private set; }

    /// <summary>The item is a map (after stripping tags).</summary>
    public bool IsMap { get; private set; }

    /// <summary>Scans <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="offset"/>; field offsets are array offsets.</summary>
    public static EnvelopeScan Scan(byte[] data, int offset, int count)
    {
        var scan = new EnvelopeScan(data);
        var reader = new CborSpanReader(data, offset, count, CborDecodeLimits.Default);
        scan.WellFormed = count > 0 && scan.ScanTop(ref reader) && reader.AtEnd;
        return scan;
    }

    public readonly bool TextEquals(in FieldInfo field, string ascii) =>
        field.Kind == FieldKind.Text && field.Start >= 0 && AsciiEquals(_data, field.Start, field.Length, ascii);

    /// <summary>The scanned array; <see cref="FieldInfo.Start"/> offsets index into it.</summary>
    public readonly byte[] Data => _data;

    /// <summary>True when the <paramref name="length"/> bytes at <paramref name="start"/> are exactly the ASCII text.</summary>
    internal static bool AsciiEquals(byte[] data, int start, int length, string ascii)
    {
        if (length != ascii.Length)
        {
            return false;
        }

        for (int i = 0; i < length; i++)
        {
            if (data[start + i] != ascii[i])
            {
                return false;
            }
        }

        return true;
    }

    private bool ScanTop(ref CborSpanReader reader)
    {
        int depth = 0;
        if (!TryReadUntagged(ref reader, ref depth, out int major, out int info, out ulong argument))
        {
            return false;
        }

        if (major != CborSpanReader.MajorMap)
        {
            return reader.TrySkipBody(major, info, argument, depth);
        }

        IsMap = true;
        int level = depth + 1;
        if (level > CborDecodeLimits.Default.MaxDepth)
        {
            return false;
        }

        bool indefinite = info == CborSpanReader.IndefiniteInfo;
        if (!indefinite && argument > (ulong)CborDecodeLimits.Default.MaxContainerItems)
        {
            return false;
        }

        long entries = 0;
        while (indefinite ? !reader.PeekBreak() : (ulong)entries < argument)
        {
            if (++entries > CborDecodeLimits.Default.MaxContainerItems
                || !ScanEntry(ref reader, level))
            {
                return false;
            }
        }

        if (indefinite)
        {
            if (reader.AtEnd)
            {
                return false;
            }

            reader.SkipBreak();
        }

        return true;
    }

    private bool ScanEntry(ref CborSpanReader reader, int level)
    {
        int keyDepth = level;
        if (!TryReadUntagged(ref reader, ref keyDepth, out int major, out int info, out ulong argument))
        {
            return false;
        }

        int slot = 0;
        if (major == CborSpanReader.MajorUnsigned)
        {
            slot = argument is >= 1 and <= 5 ? (int)argument : 0;
        }
        else if (major == CborSpanReader.MajorText && info != CborSpanReader.IndefiniteInfo)
        {
            if (!reader.TrySkipContent(argument, out int start))
            {
                return false;
            }

            int length = (int)argument;
            slot = AsciiEquals(_data, start, length, "type") ? 10
                : AsciiEquals(_data, start, length, "seq") ? 11
                : AsciiEquals(_data, start, length, "reason") ? 12
                : 0;
        }
        else if (!reader.TrySkipBody(major, info, argument, keyDepth))
        {
            return false;
        }

        if (!TryScanValue(ref reader, level, out FieldInfo value))
        {
            return false;
        }

        switch (slot)
        {
            case 1: Key1 = value; break;
            case 2: Key2 = value; break;
            case 3: Key3 = value; break;
            case 4: Key4 = value; break;
            case 5: Key5 = value; break;
            case 10: TextType = value; break;
            case 11: TextSeq = value; break;
            case 12: TextReason = value; break;
            default: break;
        }

        return true;
    }

    private static bool TryScanValue(ref CborSpanReader reader, int depth, out FieldInfo value)
    {
        value = default;
        if (!TryReadUntagged(ref reader, ref depth, out int major, out int info, out ulong argument))
        {
            return false;
        }

        value.Start = -1;
        switch (major)
        {
            case CborSpanReader.MajorUnsigned:
                value.Kind = FieldKind.Unsigned;
                value.Value = argument;
                return info != CborSpanReader.IndefiniteInfo;
            case CborSpanReader.MajorNegative:
                value.Kind = FieldKind.Negative;
                return info != CborSpanReader.IndefiniteInfo;
            case CborSpanReader.MajorBytes:
            case CborSpanReader.MajorText:
                value.Kind = major == CborSpanReader.MajorText ? FieldKind.Text : FieldKind.Bytes;
                if (info == CborSpanReader.IndefiniteInfo)
                {
                    return reader.TrySkipBody(major, info, argument, depth);
                }

                if (!reader.TrySkipContent(argument, out int start))
                {
                    return false;
                }

                value.Start = start;
                value.Length = (int)argument;
                return true;
            case CborSpanReader.MajorArray:
            case CborSpanReader.MajorMap:
                value.Kind = major == CborSpanReader.MajorMap ? FieldKind.Map : FieldKind.Array;
                return reader.TrySkipBody(major, info, argument, depth);
            default:
                value.Kind = info switch
                {
                    20 or 21 => FieldKind.Boolean,
                    22 or 23 => FieldKind.Null,
                    25 or 26 or 27 => FieldKind.Float,
                    _ => FieldKind.Other,
                };
                return reader.TrySkipBody(major, info, argument, depth);
        }
    }

    /// <summary>Reads a header, stepping over tags (each counts as a nesting level), as the decoder does.</summary>
    private static bool TryReadUntagged(ref CborSpanReader reader, ref int depth, out int major, out int info, out ulong argument)
    {
        while (true)
        {
            if (!reader.TryReadHeader(out major, out info, out argument))
            {
                return false;
            }

            if (major != CborSpanReader.MajorTag)
            {
                return true;
            }

            if (info == CborSpanReader.IndefiniteInfo || ++depth > CborDecodeLimits.Default.MaxDepth)
            {
                return false;
            }
        }
    }
}
