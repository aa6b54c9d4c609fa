using System;
using Mash.Protocol.Portable;

namespace Mash.Protocol.Wire;

/// <summary>
/// A forward-only CBOR reader over a byte array for the firmware core (nanoFramework has no
/// System.Formats.Cbor). Method names follow System.Formats.Cbor's CborReader in its lax mode:
/// definite and indefinite lengths, non-shortest heads and tags are accepted; text must be valid
/// UTF-8. Malformed input throws <see cref="CborContentException"/>; reading an item of another
/// kind than <see cref="PeekState"/> reports throws <see cref="InvalidOperationException"/>.
/// <see cref="ReadStartMap"/> and <see cref="ReadStartArray"/> return -1 for an indefinite length.
/// </summary>
public sealed class CborReader
{
    private const int MajorUnsigned = 0;
    private const int MajorNegative = 1;
    private const int MajorBytes = 2;
    private const int MajorText = 3;
    private const int MajorArray = 4;
    private const int MajorMap = 5;
    private const int MajorTag = 6;
    private const int MajorSimple = 7;
    private const int Indefinite = 31;
    private const byte Break = 0xFF;
    private const int MaxSkipDepth = 64;

    private readonly byte[] _data;
    private readonly int _end;
    private int _position;

    // Per open container: items still expected (-1: indefinite), whether it is a map, items read.
    private int[] _remaining = new int[8];
    private bool[] _isMap = new bool[8];
    private int[] _read = new int[8];
    private int _depth;
    private bool _rootRead;

    /// <summary>Reads the whole array.</summary>
    public CborReader(byte[] data)
        : this(data, 0, data is null ? 0 : data.Length)
    {
    }

    /// <summary>Reads <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="offset"/>.</summary>
    public CborReader(byte[] data, int offset, int count)
    {
        if (data is null)
        {
            throw new ArgumentNullException(nameof(data));
        }

        if (offset < 0 || count < 0 || offset > data.Length - count)
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }

        _data = data;
        _position = offset;
        _end = offset + count;
    }

    /// <summary>Bytes not read yet.</summary>
    public int BytesRemaining => _end - _position;

    /// <summary>Offset of the next byte in the underlying array.</summary>
    public int Position => _position;

    /// <summary>Nesting depth of open arrays and maps.</summary>
    public int CurrentDepth => _depth;

    /// <summary>What comes next.</summary>
    /// <exception cref="CborContentException">The next bytes are not a well-formed item.</exception>
    public CborReaderState PeekState()
    {
        if (_depth == 0 && _rootRead)
        {
            return CborReaderState.Finished;
        }

        if (_depth > 0)
        {
            int top = _depth - 1;
            if (_remaining[top] == 0)
            {
                return _isMap[top] ? CborReaderState.EndMap : CborReaderState.EndArray;
            }

            if (_remaining[top] < 0 && _position < _end && _data[_position] == Break)
            {
                if (_isMap[top] && (_read[top] & 1) != 0)
                {
                    throw new CborContentException("An indefinite-length map ends after a key without its value.");
                }

                return _isMap[top] ? CborReaderState.EndMap : CborReaderState.EndArray;
            }
        }

        if (_position >= _end)
        {
            throw new CborContentException("Unexpected end of CBOR data.");
        }

        int initial = _data[_position];
        int major = initial >> 5;
        int info = initial & 0x1F;
        if (info >= 28 && info <= 30)
        {
            throw new CborContentException("Reserved additional information " + info + ".");
        }

        switch (major)
        {
            case MajorUnsigned:
                CheckDefinite(info);
                return CborReaderState.UnsignedInteger;
            case MajorNegative:
                CheckDefinite(info);
                return CborReaderState.NegativeInteger;
            case MajorBytes:
                return info == Indefinite ? CborReaderState.StartIndefiniteLengthByteString : CborReaderState.ByteString;
            case MajorText:
                return info == Indefinite ? CborReaderState.StartIndefiniteLengthTextString : CborReaderState.TextString;
            case MajorArray:
                return CborReaderState.StartArray;
            case MajorMap:
                return CborReaderState.StartMap;
            case MajorTag:
                CheckDefinite(info);
                return CborReaderState.Tag;
            default:
                switch (info)
                {
                    case 20:
                    case 21:
                        return CborReaderState.Boolean;
                    case 22:
                        return CborReaderState.Null;
                    case 24:
                        if (_end - _position < 2)
                        {
                            throw new CborContentException("Unexpected end of CBOR data.");
                        }

                        if (_data[_position + 1] < 32)
                        {
                            throw new CborContentException("A two-byte simple value below 32 is not well-formed.");
                        }

                        return CborReaderState.SimpleValue;
                    case 25:
                        return CborReaderState.HalfPrecisionFloat;
                    case 26:
                        return CborReaderState.SinglePrecisionFloat;
                    case 27:
                        return CborReaderState.DoublePrecisionFloat;
                    case Indefinite:
                        throw new CborContentException("A break outside an indefinite-length container.");
                    default:
                        return CborReaderState.SimpleValue;
                }
        }
    }

    /// <summary>An unsigned integer.</summary>
    public ulong ReadUInt64() => ReadHeaderOf(MajorUnsigned);

    /// <summary>An unsigned integer up to 2^32-1.</summary>
    public uint ReadUInt32()
    {
        ulong value = ReadUInt64();
        if (value > uint.MaxValue)
        {
            throw new CborContentException("Integer out of range for 32 unsigned bits.");
        }

        return (uint)value;
    }

    /// <summary>An integer in the signed 64-bit range.</summary>
    public long ReadInt64()
    {
        CborReaderState state = PeekState();
        if (state != CborReaderState.UnsignedInteger && state != CborReaderState.NegativeInteger)
        {
            throw WrongState("an integer", state);
        }

        bool negative = state == CborReaderState.NegativeInteger;
        ulong argument = ReadHeaderOf(negative ? MajorNegative : MajorUnsigned);
        if (argument > long.MaxValue)
        {
            throw new CborContentException("Integer out of range for 64 signed bits.");
        }

        return negative ? -1 - (long)argument : (long)argument;
    }

    /// <summary>An integer in the signed 32-bit range.</summary>
    public int ReadInt32()
    {
        long value = ReadInt64();
        if (value < int.MinValue || value > int.MaxValue)
        {
            throw new CborContentException("Integer out of range for 32 signed bits.");
        }

        return (int)value;
    }

    /// <summary>The encoded argument n of a negative integer (the value is -1 - n).</summary>
    public ulong ReadCborNegativeIntegerRepresentation() => ReadHeaderOf(MajorNegative);

    /// <summary>A byte string, definite or indefinite (chunks concatenated), as a new array.</summary>
    public byte[] ReadByteString() => ReadString(MajorBytes);

    /// <summary>A text string, definite or indefinite (chunks concatenated).</summary>
    /// <exception cref="CborContentException">The text is not valid UTF-8.</exception>
    public string ReadTextString()
    {
        byte[] utf8 = ReadString(MajorText);
        try
        {
            return Utf8.GetString(utf8);
        }
        catch (FormatException e)
        {
            throw new CborContentException("Invalid UTF-8 in a text string.", e);
        }
    }

    /// <summary>Starts a map; returns its entry count, or -1 for an indefinite length.</summary>
    public int ReadStartMap() => ReadStartContainer(MajorMap);

    /// <summary>Ends the current map.</summary>
    public void ReadEndMap() => ReadEndContainer(true);

    /// <summary>Starts an array; returns its element count, or -1 for an indefinite length.</summary>
    public int ReadStartArray() => ReadStartContainer(MajorArray);

    /// <summary>Ends the current array.</summary>
    public void ReadEndArray() => ReadEndContainer(false);

    /// <summary>A tag number; the tagged item follows.</summary>
    public ulong ReadTag()
    {
        // A tag and its item are one data item: the item counts when it is read.
        CborReaderState state = PeekState();
        if (state != CborReaderState.Tag)
        {
            throw WrongState("a tag", state);
        }

        return ReadArgument();
    }

    /// <summary>true or false.</summary>
    public bool ReadBoolean()
    {
        CborReaderState state = PeekState();
        if (state != CborReaderState.Boolean)
        {
            throw WrongState("a boolean", state);
        }

        bool value = _data[_position] == 0xF5;
        _position++;
        CountItem();
        return value;
    }

    /// <summary>null.</summary>
    public void ReadNull()
    {
        CborReaderState state = PeekState();
        if (state != CborReaderState.Null)
        {
            throw WrongState("null", state);
        }

        _position++;
        CountItem();
    }

    /// <summary>Any simple value (false 20, true 21, null 22, undefined 23, ...); returns its number.</summary>
    public int ReadSimpleValue()
    {
        CborReaderState state = PeekState();
        if (state != CborReaderState.SimpleValue && state != CborReaderState.Boolean && state != CborReaderState.Null)
        {
            throw WrongState("a simple value", state);
        }

        int info = _data[_position] & 0x1F;
        _position++;
        if (info == 24)
        {
            info = _data[_position++];
        }

        CountItem();
        return info;
    }

    /// <summary>A half-, single- or double-precision float, as double.</summary>
    public double ReadDouble()
    {
        CborReaderState state = PeekState();
        int width;
        switch (state)
        {
            case CborReaderState.HalfPrecisionFloat:
                width = 2;
                break;
            case CborReaderState.SinglePrecisionFloat:
                width = 4;
                break;
            case CborReaderState.DoublePrecisionFloat:
                width = 8;
                break;
            default:
                throw WrongState("a floating-point number", state);
        }

        if (_end - _position < 1 + width)
        {
            throw new CborContentException("Unexpected end of CBOR data.");
        }

        int at = _position + 1;
        double value = width == 2
            ? HalfToDouble(BigEndian.ReadUInt16(_data, at))
            : width == 4
                ? SingleToDouble(BigEndian.ReadUInt32(_data, at))
                : BitConverter.Int64BitsToDouble((long)BigEndian.ReadUInt64(_data, at));
        _position += 1 + width;
        CountItem();
        return value;
    }

    /// <summary>Skips one complete item (with everything inside it).</summary>
    public void SkipValue() => Skip(0);

    private void Skip(int level)
    {
        if (level > MaxSkipDepth)
        {
            throw new CborContentException("CBOR nesting too deep to skip.");
        }

        CborReaderState state = PeekState();
        switch (state)
        {
            case CborReaderState.UnsignedInteger:
            case CborReaderState.NegativeInteger:
                ReadHeaderOf(_data[_position] >> 5);
                break;
            case CborReaderState.Tag:
                ReadTag();
                Skip(level + 1);
                break;
            case CborReaderState.ByteString:
            case CborReaderState.StartIndefiniteLengthByteString:
                ReadString(MajorBytes);
                break;
            case CborReaderState.TextString:
            case CborReaderState.StartIndefiniteLengthTextString:
                ReadString(MajorText);
                break;
            case CborReaderState.StartArray:
                ReadStartArray();
                while (PeekState() != CborReaderState.EndArray)
                {
                    Skip(level + 1);
                }

                ReadEndArray();
                break;
            case CborReaderState.StartMap:
                ReadStartMap();
                while (PeekState() != CborReaderState.EndMap)
                {
                    Skip(level + 1);
                }

                ReadEndMap();
                break;
            case CborReaderState.HalfPrecisionFloat:
            case CborReaderState.SinglePrecisionFloat:
            case CborReaderState.DoublePrecisionFloat:
                ReadDouble();
                break;
            case CborReaderState.Boolean:
            case CborReaderState.Null:
            case CborReaderState.SimpleValue:
                ReadSimpleValue();
                break;
            default:
                throw WrongState("a data item", state);
        }
    }

    private int ReadStartContainer(int major)
    {
        CborReaderState state = PeekState();
        bool isMap = major == MajorMap;
        if (state != (isMap ? CborReaderState.StartMap : CborReaderState.StartArray))
        {
            throw WrongState(isMap ? "a map" : "an array", state);
        }

        bool indefinite = (_data[_position] & 0x1F) == Indefinite;
        int count = -1;
        if (indefinite)
        {
            _position++;
        }
        else
        {
            ulong declared = ReadArgument();
            ulong perEntry = isMap ? 2UL : 1UL;

            // Every item takes at least one byte, so a larger count cannot be satisfied.
            if (declared > (ulong)(_end - _position) / perEntry)
            {
                throw new CborContentException("A container declares more items than the data holds.");
            }

            count = (int)declared;
        }

        CountItem();
        PushContainer(count < 0 ? -1 : (isMap ? count * 2 : count), isMap);
        return count;
    }

    private void ReadEndContainer(bool isMap)
    {
        CborReaderState state = PeekState();
        if (state != (isMap ? CborReaderState.EndMap : CborReaderState.EndArray))
        {
            throw WrongState(isMap ? "the end of a map" : "the end of an array", state);
        }

        if (_remaining[_depth - 1] < 0)
        {
            _position++;
        }

        _depth--;
        if (_depth == 0)
        {
            _rootRead = true;
        }
    }

    private byte[] ReadString(int major)
    {
        CborReaderState state = PeekState();
        bool text = major == MajorText;
        CborReaderState definite = text ? CborReaderState.TextString : CborReaderState.ByteString;
        CborReaderState indefinite = text ? CborReaderState.StartIndefiniteLengthTextString : CborReaderState.StartIndefiniteLengthByteString;
        if (state != definite && state != indefinite)
        {
            throw WrongState(text ? "a text string" : "a byte string", state);
        }

        byte[] result;
        if (state == definite)
        {
            int start;
            int length = ReadStringHead(out start);
            result = new byte[length];
            Array.Copy(_data, start, result, 0, length);
        }
        else
        {
            _position++;
            int total = 0;
            byte[] gathered = new byte[16];
            while (true)
            {
                if (_position >= _end)
                {
                    throw new CborContentException("Unexpected end of CBOR data.");
                }

                if (_data[_position] == Break)
                {
                    _position++;
                    break;
                }

                int initial = _data[_position];
                if (initial >> 5 != major || (initial & 0x1F) == Indefinite)
                {
                    throw new CborContentException("An indefinite-length string chunk must be a definite string of the same type.");
                }

                int start;
                int length = ReadStringHead(out start);
                if (gathered.Length - total < length)
                {
                    byte[] grown = new byte[Maths.Max(gathered.Length * 2, total + length)];
                    Array.Copy(gathered, 0, grown, 0, total);
                    gathered = grown;
                }

                Array.Copy(_data, start, gathered, total, length);
                total += length;
            }

            result = new byte[total];
            Array.Copy(gathered, 0, result, 0, total);
        }

        CountItem();
        return result;
    }

    /// <summary>Reads a definite string head at the position and steps over its content.</summary>
    private int ReadStringHead(out int start)
    {
        int info = _data[_position] & 0x1F;
        if (info >= 28)
        {
            throw new CborContentException("Reserved additional information " + info + ".");
        }

        ulong length = ReadArgument();
        if (length > (ulong)(_end - _position))
        {
            throw new CborContentException("A string is longer than the data left.");
        }

        start = _position;
        _position += (int)length;
        return (int)length;
    }

    /// <summary>Reads the head of an item of <paramref name="major"/> and returns its argument.</summary>
    private ulong ReadHeaderOf(int major)
    {
        CborReaderState state = PeekState();
        if (state == CborReaderState.EndArray || state == CborReaderState.EndMap || state == CborReaderState.Finished
            || _data[_position] >> 5 != major)
        {
            throw WrongState(MajorName(major), state);
        }

        ulong argument = ReadArgument();
        CountItem();
        return argument;
    }

    /// <summary>Consumes the head at the position (initial byte and argument bytes).</summary>
    private ulong ReadArgument()
    {
        int info = _data[_position] & 0x1F;
        int width = info < 24 ? 0 : info == 24 ? 1 : info == 25 ? 2 : info == 26 ? 4 : info == 27 ? 8 : -1;
        if (width < 0)
        {
            throw new CborContentException("Unexpected additional information " + info + ".");
        }

        if (_end - _position < 1 + width)
        {
            throw new CborContentException("Unexpected end of CBOR data.");
        }

        int at = _position + 1;
        ulong argument = width == 0 ? (ulong)info
            : width == 1 ? _data[at]
            : width == 2 ? BigEndian.ReadUInt16(_data, at)
            : width == 4 ? BigEndian.ReadUInt32(_data, at)
            : BigEndian.ReadUInt64(_data, at);
        _position += 1 + width;
        return argument;
    }

    /// <summary>A complete item (or a container's start) was read: count it in its container.</summary>
    private void CountItem()
    {
        if (_depth == 0)
        {
            _rootRead = true;
            return;
        }

        int top = _depth - 1;
        _read[top]++;
        if (_remaining[top] > 0)
        {
            _remaining[top]--;
        }
    }

    private void PushContainer(int items, bool isMap)
    {
        if (_depth == _remaining.Length)
        {
            int size = _depth * 2;
            int[] remaining = new int[size];
            bool[] maps = new bool[size];
            int[] read = new int[size];
            Array.Copy(_remaining, remaining, _depth);
            Array.Copy(_isMap, maps, _depth);
            Array.Copy(_read, read, _depth);
            _remaining = remaining;
            _isMap = maps;
            _read = read;
        }

        _remaining[_depth] = items;
        _isMap[_depth] = isMap;
        _read[_depth] = 0;
        _depth++;
        if (items == 0)
        {
            // An empty definite container: its end is next.
            _remaining[_depth - 1] = 0;
        }
    }

    private static void CheckDefinite(int info)
    {
        if (info == Indefinite)
        {
            throw new CborContentException("Indefinite length is not allowed for this major type.");
        }
    }

    private static InvalidOperationException WrongState(string expected, CborReaderState found) =>
        new InvalidOperationException("Expected " + expected + " but the next CBOR item is " + StateName(found) + ".");

    private static string MajorName(int major) => major switch
    {
        MajorUnsigned => "an unsigned integer",
        MajorNegative => "a negative integer",
        MajorTag => "a tag",
        _ => "major type " + major,
    };

    private static string StateName(CborReaderState state) => state switch
    {
        CborReaderState.UnsignedInteger => "an unsigned integer",
        CborReaderState.NegativeInteger => "a negative integer",
        CborReaderState.ByteString or CborReaderState.StartIndefiniteLengthByteString => "a byte string",
        CborReaderState.TextString or CborReaderState.StartIndefiniteLengthTextString => "a text string",
        CborReaderState.StartArray => "an array",
        CborReaderState.EndArray => "the end of an array",
        CborReaderState.StartMap => "a map",
        CborReaderState.EndMap => "the end of a map",
        CborReaderState.Tag => "a tag",
        CborReaderState.SimpleValue => "a simple value",
        CborReaderState.HalfPrecisionFloat or CborReaderState.SinglePrecisionFloat or CborReaderState.DoublePrecisionFloat => "a float",
        CborReaderState.Null => "null",
        CborReaderState.Boolean => "a boolean",
        CborReaderState.Finished => "nothing (the item is complete)",
        _ => "unknown",
    };

    private static double HalfToDouble(ushort bits)
    {
        bool negative = (bits & 0x8000) != 0;
        int exponent = (bits >> 10) & 0x1F;
        long mantissa = bits & 0x3FF;
        double magnitude;
        if (exponent == 0)
        {
            magnitude = mantissa * (1.0 / 16777216.0);
        }
        else if (exponent == 31)
        {
            magnitude = BitConverter.Int64BitsToDouble((0x7FFL << 52) | (mantissa << 42));
        }
        else
        {
            magnitude = BitConverter.Int64BitsToDouble(((long)(exponent - 15 + 1023) << 52) | (mantissa << 42));
        }

        return negative ? -magnitude : magnitude;
    }

    private static double SingleToDouble(uint bits)
    {
        bool negative = (bits & 0x80000000) != 0;
        int exponent = (int)((bits >> 23) & 0xFF);
        long mantissa = bits & 0x7FFFFF;
        double magnitude;
        if (exponent == 0)
        {
            magnitude = mantissa * BitConverter.Int64BitsToDouble((long)(1023 - 149) << 52);
        }
        else if (exponent == 255)
        {
            magnitude = BitConverter.Int64BitsToDouble((0x7FFL << 52) | (mantissa << 29));
        }
        else
        {
            magnitude = BitConverter.Int64BitsToDouble(((long)(exponent - 127 + 1023) << 52) | (mantissa << 29));
        }

        return negative ? -magnitude : magnitude;
    }
}
