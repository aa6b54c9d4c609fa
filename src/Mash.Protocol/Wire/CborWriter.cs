using System;
using Mash.Protocol.Portable;

namespace Mash.Protocol.Wire;

/// <summary>
/// A CBOR writer for the firmware core (nanoFramework has no System.Formats.Cbor). Its method
/// names follow System.Formats.Cbor's CborWriter for what MASH uses, and its output is the same
/// bytes that writer produces: definite lengths only, shortest integer and length heads. Keys are
/// written in the order the caller writes them (callers write integer keys in ascending order,
/// which is canonical). Float64 is always written in its 8-byte form.
/// </summary>
public sealed class CborWriter
{
    private const int MajorUnsigned = 0;
    private const int MajorNegative = 1;
    private const int MajorBytes = 2;
    private const int MajorText = 3;
    private const int MajorArray = 4;
    private const int MajorMap = 5;

    private byte[] _buffer;
    private int _length;

    // Items still expected by each open container (a map counts keys and values).
    private int[] _remaining = new int[8];
    private bool[] _isMap = new bool[8];
    private int _depth;
    private bool _rootWritten;

    /// <summary>Creates a writer with a small initial buffer.</summary>
    public CborWriter()
        : this(64)
    {
    }

    /// <summary>Creates a writer whose buffer starts at <paramref name="initialCapacity"/> bytes.</summary>
    public CborWriter(int initialCapacity)
    {
        if (initialCapacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(initialCapacity));
        }

        _buffer = new byte[initialCapacity];
    }

    /// <summary>Bytes written so far.</summary>
    public int BytesWritten => _length;

    /// <summary>Nesting depth of open arrays and maps.</summary>
    public int CurrentDepth => _depth;

    /// <summary>True when one complete root item has been written.</summary>
    public bool IsWriteCompleted => _rootWritten && _depth == 0;

    /// <summary>Forgets everything written; the buffer is kept.</summary>
    public void Reset()
    {
        _length = 0;
        _depth = 0;
        _rootWritten = false;
    }

    /// <summary>The encoding of the complete root item, as a new array.</summary>
    /// <exception cref="InvalidOperationException">The root item is not complete.</exception>
    public byte[] Encode()
    {
        CheckComplete();
        byte[] result = new byte[_length];
        Array.Copy(_buffer, 0, result, 0, _length);
        return result;
    }

    /// <summary>Copies the encoding into <paramref name="destination"/>; returns the bytes written.</summary>
    /// <exception cref="ArgumentException">The destination is too small.</exception>
    public int Encode(byte[] destination) => Encode(destination, 0);

    /// <summary>Copies the encoding into <paramref name="destination"/> at <paramref name="offset"/>; returns the bytes written.</summary>
    /// <exception cref="ArgumentException">The destination is too small.</exception>
    public int Encode(byte[] destination, int offset)
    {
        if (destination is null)
        {
            throw new ArgumentNullException(nameof(destination));
        }

        CheckComplete();
        if (offset < 0 || destination.Length - offset < _length)
        {
            throw new ArgumentException("The destination cannot hold the encoding.", nameof(destination));
        }

        Array.Copy(_buffer, 0, destination, offset, _length);
        return _length;
    }

    /// <summary>Starts a map of <paramref name="definiteLength"/> entries.</summary>
    public void WriteStartMap(int definiteLength)
    {
        CheckLength(definiteLength);
        WriteHead(MajorMap, (ulong)definiteLength);
        Push(definiteLength * 2, true);
    }

    /// <summary>Ends the current map.</summary>
    public void WriteEndMap() => Pop(true);

    /// <summary>Starts an array of <paramref name="definiteLength"/> elements.</summary>
    public void WriteStartArray(int definiteLength)
    {
        CheckLength(definiteLength);
        WriteHead(MajorArray, (ulong)definiteLength);
        Push(definiteLength, false);
    }

    /// <summary>Ends the current array.</summary>
    public void WriteEndArray() => Pop(false);

    /// <summary>An integer; non-negative values are unsigned (major type 0).</summary>
    public void WriteInt32(int value) => WriteInt64(value);

    /// <summary>An integer; non-negative values are unsigned (major type 0).</summary>
    public void WriteInt64(long value)
    {
        if (value >= 0)
        {
            WriteHead(MajorUnsigned, (ulong)value);
        }
        else
        {
            WriteHead(MajorNegative, (ulong)(-1 - value));
        }
    }

    /// <summary>An unsigned integer.</summary>
    public void WriteUInt32(uint value) => WriteHead(MajorUnsigned, value);

    /// <summary>An unsigned integer.</summary>
    public void WriteUInt64(ulong value) => WriteHead(MajorUnsigned, value);

    /// <summary>A negative integer given by its encoded argument n (the value is -1 - n).</summary>
    public void WriteCborNegativeIntegerRepresentation(ulong encodedValue) => WriteHead(MajorNegative, encodedValue);

    /// <summary>A UTF-8 text string (unpaired surrogates are refused with FormatException).</summary>
    public void WriteTextString(string value)
    {
        if (value is null)
        {
            throw new ArgumentNullException(nameof(value));
        }

        byte[] utf8 = Utf8.GetBytes(value);
        WriteHead(MajorText, (ulong)utf8.Length);
        WriteRaw(utf8, 0, utf8.Length);
    }

    /// <summary>A byte string.</summary>
    public void WriteByteString(byte[] value)
    {
        if (value is null)
        {
            throw new ArgumentNullException(nameof(value));
        }

        WriteByteString(value, 0, value.Length);
    }

    /// <summary>A byte string of <paramref name="count"/> bytes of <paramref name="value"/> from <paramref name="offset"/>.</summary>
    public void WriteByteString(byte[] value, int offset, int count)
    {
        if (value is null)
        {
            throw new ArgumentNullException(nameof(value));
        }

        if (offset < 0 || count < 0 || offset > value.Length - count)
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }

        WriteHead(MajorBytes, (ulong)count);
        WriteRaw(value, offset, count);
    }

    /// <summary>true or false.</summary>
    public void WriteBoolean(bool value) => WriteSimple(value ? (byte)0xF5 : (byte)0xF4);

    /// <summary>null.</summary>
    public void WriteNull() => WriteSimple(0xF6);

    /// <summary>A float64, always in its 8-byte form (MASH's only float on the wire).</summary>
    public void WriteFloat64(double value)
    {
        BeginItem();
        EnsureCapacity(9);
        _buffer[_length++] = 0xFB;
        BigEndian.WriteUInt64(_buffer, _length, (ulong)BitConverter.DoubleToInt64Bits(value));
        _length += 8;
    }

    /// <summary>Writes one already-encoded, complete CBOR item as it is.</summary>
    public void WriteEncodedValue(byte[] encodedValue)
    {
        if (encodedValue is null)
        {
            throw new ArgumentNullException(nameof(encodedValue));
        }

        if (encodedValue.Length == 0)
        {
            throw new ArgumentException("An encoded value cannot be empty.", nameof(encodedValue));
        }

        BeginItem();
        WriteRaw(encodedValue, 0, encodedValue.Length);
    }

    /// <summary>Bytes the head of an item with this argument takes: 1, 2, 3, 5 or 9.</summary>
    public static int HeadLength(ulong argument) =>
        argument < 24 ? 1 : argument <= 0xFF ? 2 : argument <= 0xFFFF ? 3 : argument <= 0xFFFFFFFF ? 5 : 9;

    private void WriteSimple(byte initial)
    {
        BeginItem();
        EnsureCapacity(1);
        _buffer[_length++] = initial;
    }

    private void WriteHead(int major, ulong argument)
    {
        BeginItem();
        EnsureCapacity(9);
        int initial = major << 5;
        if (argument < 24)
        {
            _buffer[_length++] = (byte)(initial | (int)argument);
        }
        else if (argument <= 0xFF)
        {
            _buffer[_length++] = (byte)(initial | 24);
            _buffer[_length++] = (byte)argument;
        }
        else if (argument <= 0xFFFF)
        {
            _buffer[_length++] = (byte)(initial | 25);
            BigEndian.WriteUInt16(_buffer, _length, (ushort)argument);
            _length += 2;
        }
        else if (argument <= 0xFFFFFFFF)
        {
            _buffer[_length++] = (byte)(initial | 26);
            BigEndian.WriteUInt32(_buffer, _length, (uint)argument);
            _length += 4;
        }
        else
        {
            _buffer[_length++] = (byte)(initial | 27);
            BigEndian.WriteUInt64(_buffer, _length, argument);
            _length += 8;
        }
    }

    private void WriteRaw(byte[] source, int offset, int count)
    {
        EnsureCapacity(count);
        Array.Copy(source, offset, _buffer, _length, count);
        _length += count;
    }

    /// <summary>Accounts for one data item in the open container, or the root.</summary>
    private void BeginItem()
    {
        if (_depth == 0)
        {
            if (_rootWritten)
            {
                throw new InvalidOperationException("A CBOR writer holds exactly one root item; call Reset first.");
            }

            _rootWritten = true;
            return;
        }

        if (_remaining[_depth - 1] == 0)
        {
            throw new InvalidOperationException("More items written than the container's definite length.");
        }

        _remaining[_depth - 1]--;
    }

    private void Push(int items, bool isMap)
    {
        if (_depth == _remaining.Length)
        {
            int[] remaining = new int[_depth * 2];
            bool[] maps = new bool[_depth * 2];
            Array.Copy(_remaining, remaining, _depth);
            Array.Copy(_isMap, maps, _depth);
            _remaining = remaining;
            _isMap = maps;
        }

        _remaining[_depth] = items;
        _isMap[_depth] = isMap;
        _depth++;
    }

    private void Pop(bool isMap)
    {
        if (_depth == 0 || _isMap[_depth - 1] != isMap)
        {
            throw new InvalidOperationException(isMap ? "No map is open." : "No array is open.");
        }

        if (_remaining[_depth - 1] != 0)
        {
            throw new InvalidOperationException("Fewer items written than the container's definite length.");
        }

        _depth--;
    }

    private void CheckComplete()
    {
        if (!IsWriteCompleted)
        {
            throw new InvalidOperationException("The CBOR item is not complete.");
        }
    }

    private static void CheckLength(int definiteLength)
    {
        if (definiteLength < 0 || definiteLength > 0x3FFFFFFF)
        {
            throw new ArgumentOutOfRangeException(nameof(definiteLength));
        }
    }

    private void EnsureCapacity(int extra)
    {
        int needed = _length + extra;
        if (needed <= _buffer.Length)
        {
            return;
        }

        int size = _buffer.Length * 2;
        if (size < needed)
        {
            size = needed;
        }

        byte[] grown = new byte[size];
        Array.Copy(_buffer, 0, grown, 0, _length);
        _buffer = grown;
    }
}
