using System;
using Mash.Protocol.Portable;

namespace Mash.Protocol.Dns;

/// <summary>
/// Bytes of one message under construction, with optional name compression. Writing past the
/// capacity does not throw: it sets <see cref="Overflowed"/>, so a caller can try to add a record
/// and roll back with <see cref="Truncate"/> when it does not fit.
/// </summary>
internal sealed class DnsWireWriter
{
    private readonly byte[] _buffer;
    private readonly bool _compress;

    // Names already written, for compression: key of a label suffix -> its offset. A handful of
    // names per mDNS message, so a list scan beats a hash table here. Two parallel arrays that
    // grow by doubling (no generic lists on nanoFramework).
    private string[] _suffixKeys = new string[16];
    private int[] _suffixOffsets = new int[16];
    private int _suffixCount;
    private int _length;

    public DnsWireWriter(int capacity, bool compress)
    {
        _buffer = new byte[capacity];
        _compress = compress;
    }

    public int Length => _length;

    public bool Overflowed { get; private set; }

    public void WriteByte(byte value)
    {
        if (_length >= _buffer.Length)
        {
            Overflowed = true;
            return;
        }

        _buffer[_length++] = value;
    }

    public void WriteUInt16(ushort value)
    {
        WriteByte((byte)(value >> 8));
        WriteByte((byte)value);
    }

    public void WriteUInt32(uint value)
    {
        WriteUInt16((ushort)(value >> 16));
        WriteUInt16((ushort)value);
    }

    public void WriteBytes(byte[] source, int offset, int count)
    {
        if (_length + count > _buffer.Length)
        {
            Overflowed = true;
            return;
        }

        Array.Copy(source, offset, _buffer, _length, count);
        _length += count;
    }

    public void PatchUInt16(int offset, ushort value)
    {
        if (offset + 2 <= _length)
        {
            _buffer[offset] = (byte)(value >> 8);
            _buffer[offset + 1] = (byte)value;
        }
    }

    public void WriteName(DnsName name)
    {
        if (!_compress)
        {
            WriteNameUncompressed(name);
            return;
        }

        for (int i = 0; i < name.LabelCount; i++)
        {
            string key = SuffixKey(name, i);
            int found = FindSuffix(key);
            if (found >= 0)
            {
                WriteUInt16((ushort)(0xC000 | _suffixOffsets[found]));
                return;
            }

            // A pointer has 14 bits; names further into a jumbo packet are simply not reused.
            if (_length < 0x3FFF && !Overflowed)
            {
                AddSuffix(key, _length);
            }

            WriteLabel(name[i]);
        }

        WriteByte(0);
    }

    public void WriteNameUncompressed(DnsName name)
    {
        for (int i = 0; i < name.LabelCount; i++)
        {
            WriteLabel(name[i]);
        }

        WriteByte(0);
    }

    /// <summary>Drops everything after <paramref name="length"/>, including compression targets there.</summary>
    public void Truncate(int length)
    {
        _length = length;
        Overflowed = false;
        // Offsets only grow as names are written, so the dropped ones are at the end.
        while (_suffixCount > 0 && _suffixOffsets[_suffixCount - 1] >= length)
        {
            _suffixCount--;
            _suffixKeys[_suffixCount] = string.Empty;
        }
    }

    public byte[] ToArray()
    {
        var copy = new byte[_length];
        Array.Copy(_buffer, 0, copy, 0, _length);
        return copy;
    }

    private static string SuffixKey(DnsName name, int first)
    {
        var key = new TextBuilder();
        for (int i = first; i < name.LabelCount; i++)
        {
            string label = name[i];
            key.Append((char)label.Length);
            for (int k = 0; k < label.Length; k++)
            {
                key.Append(DnsName.FoldAscii(label[k]));
            }
        }

        return key.ToString();
    }

    private int FindSuffix(string key)
    {
        for (int i = 0; i < _suffixCount; i++)
        {
            if (_suffixKeys[i] == key)
            {
                return i;
            }
        }

        return -1;
    }

    private void AddSuffix(string key, int offset)
    {
        if (_suffixCount == _suffixKeys.Length)
        {
            var keys = new string[_suffixCount * 2];
            var offsets = new int[_suffixCount * 2];
            Array.Copy(_suffixKeys, keys, _suffixCount);
            Array.Copy(_suffixOffsets, offsets, _suffixCount);
            _suffixKeys = keys;
            _suffixOffsets = offsets;
        }

        _suffixKeys[_suffixCount] = key;
        _suffixOffsets[_suffixCount] = offset;
        _suffixCount++;
    }

    private void WriteLabel(string label)
    {
        byte[] bytes = Utf8.GetBytes(label);
        if (bytes.Length == 0 || bytes.Length > DnsLimits.MaxLabelLength)
        {
            throw new InvalidOperationException($"label \"{label}\" is {bytes.Length} bytes; labels are 1..{DnsLimits.MaxLabelLength}");
        }

        WriteByte((byte)bytes.Length);
        WriteBytes(bytes, 0, bytes.Length);
    }
}
