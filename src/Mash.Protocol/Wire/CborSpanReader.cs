using Mash.Protocol.Portable;

namespace Mash.Protocol.Wire;

/// <summary>
/// A minimal forward-only CBOR walker over part of a byte array. It exists so that classifying a
/// frame and decoding keep-alives need no allocation (it is a struct, passed by reference).
/// It checks well-formedness and the same depth and size bounds as <see cref="CborDecodeLimits"/>.
/// </summary>
internal struct CborSpanReader
{
    internal const int MajorUnsigned = 0;
    internal const int MajorNegative = 1;
    internal const int MajorBytes = 2;
    internal const int MajorText = 3;
    internal const int MajorArray = 4;
    internal const int MajorMap = 5;
    internal const int MajorTag = 6;
    internal const int MajorSimple = 7;
    internal const int IndefiniteInfo = 31;
    private const byte Break = 0xFF;

    private readonly byte[] _data;
    private readonly int _end;
    private readonly CborDecodeLimits _limits;
    private int _position;
    private int _itemCount;

    /// <summary>Walks <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="offset"/>; positions are array offsets.</summary>
    public CborSpanReader(byte[] data, int offset, int count, CborDecodeLimits limits)
    {
        _data = data;
        _end = offset + count;
        _limits = limits;
        _position = offset;
        _itemCount = 0;
    }

    public readonly int Position => _position;

    public readonly bool AtEnd => _position >= _end;

    /// <summary>True when the next byte is the break that ends an indefinite container.</summary>
    public readonly bool PeekBreak() => _position < _end && _data[_position] == Break;

    public void SkipBreak() => _position++;

    /// <summary>
    /// Reads an item header. For ai 24..27 the argument bytes are read; ai 31 means indefinite
    /// (argument 0). Reserved ai 28..30 and truncated headers fail.
    /// </summary>
    public bool TryReadHeader(out int major, out int info, out ulong argument)
    {
        major = 0;
        info = 0;
        argument = 0;
        if (_position >= _end)
        {
            return false;
        }

        byte initial = _data[_position++];
        major = initial >> 5;
        info = initial & 0x1F;
        if (++_itemCount > _limits.MaxTotalItems)
        {
            return false;
        }

        if (info < 24)
        {
            argument = (ulong)info;
            return true;
        }

        int size = info switch
        {
            24 => 1,
            25 => 2,
            26 => 4,
            27 => 8,
            IndefiniteInfo => 0,
            _ => -1,
        };
        if (size < 0 || _end - _position < size)
        {
            return false;
        }

        argument = size switch
        {
            1 => _data[_position],
            2 => BigEndian.ReadUInt16(_data, _position),
            4 => BigEndian.ReadUInt32(_data, _position),
            8 => BigEndian.ReadUInt64(_data, _position),
            _ => 0,
        };
        _position += size;
        return true;
    }

    /// <summary>Skips string content of a definite length after its header.</summary>
    public bool TrySkipContent(ulong length, out int start)
    {
        start = _position;
        if (length > (ulong)(_end - _position))
        {
            return false;
        }

        _position += (int)length;
        return true;
    }

    /// <summary>Skips one complete item at nesting <paramref name="depth"/> (top level is 0).</summary>
    public bool TrySkipItem(int depth)
    {
        if (!TryReadHeader(out int major, out int info, out ulong argument))
        {
            return false;
        }

        return TrySkipBody(major, info, argument, depth);
    }

    /// <summary>Skips the rest of an item whose header has already been read.</summary>
    public bool TrySkipBody(int major, int info, ulong argument, int depth)
    {
        switch (major)
        {
            case MajorUnsigned:
            case MajorNegative:
                return info != IndefiniteInfo;
            case MajorBytes:
            case MajorText:
                return info == IndefiniteInfo ? TrySkipStringChunks(major) : TrySkipContent(argument, out _);
            case MajorArray:
            case MajorMap:
                return TrySkipContainer(major, info, argument, depth + 1);
            case MajorTag:
                // A tag wraps one item; counting it as a level bounds recursion on tag chains.
                return info != IndefiniteInfo && depth + 1 <= _limits.MaxDepth && TrySkipItem(depth + 1);
            default:
                // Simple values and floats: the header carried everything. A lone break is not an item.
                return info != IndefiniteInfo;
        }
    }

    private bool TrySkipStringChunks(int major)
    {
        while (true)
        {
            if (PeekBreak())
            {
                _position++;
                return true;
            }

            if (!TryReadHeader(out int chunkMajor, out int chunkInfo, out ulong chunkLength)
                || chunkMajor != major
                || chunkInfo == IndefiniteInfo
                || !TrySkipContent(chunkLength, out _))
            {
                return false;
            }
        }
    }

    private bool TrySkipContainer(int major, int info, ulong argument, int depth)
    {
        if (depth > _limits.MaxDepth)
        {
            return false;
        }

        int perEntry = major == MajorMap ? 2 : 1;
        if (info == IndefiniteInfo)
        {
            long entries = 0;
            while (!PeekBreak())
            {
                if (++entries > _limits.MaxContainerItems)
                {
                    return false;
                }

                for (int i = 0; i < perEntry; i++)
                {
                    if (!TrySkipItem(depth))
                    {
                        return false;
                    }
                }
            }

            _position++;
            return true;
        }

        if (argument > (ulong)_limits.MaxContainerItems)
        {
            return false;
        }

        for (ulong entry = 0; entry < argument; entry++)
        {
            for (int i = 0; i < perEntry; i++)
            {
                if (!TrySkipItem(depth))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
