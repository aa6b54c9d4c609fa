using System;
using System.Collections.Generic;
using System.Text;

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
    // names per mDNS message, so a list scan beats a hash table here.
    private readonly List<string> _suffixKeys = new();
    private readonly List<int> _suffixOffsets = new();
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
            int found = _suffixKeys.IndexOf(key);
            if (found >= 0)
            {
                WriteUInt16((ushort)(0xC000 | _suffixOffsets[found]));
                return;
            }

            // A pointer has 14 bits; names further into a jumbo packet are simply not reused.
            if (_length < 0x3FFF && !Overflowed)
            {
                _suffixKeys.Add(key);
                _suffixOffsets.Add(_length);
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
        for (int i = _suffixOffsets.Count - 1; i >= 0; i--)
        {
            if (_suffixOffsets[i] >= length)
            {
                _suffixOffsets.RemoveAt(i);
                _suffixKeys.RemoveAt(i);
            }
        }
    }

    public byte[] ToArray()
    {
        var copy = new byte[_length];
        Array.Copy(_buffer, copy, _length);
        return copy;
    }

    private static string SuffixKey(DnsName name, int first)
    {
        var key = new StringBuilder();
        for (int i = first; i < name.LabelCount; i++)
        {
            string label = name[i];
            key.Append((char)label.Length);
            foreach (char c in label)
            {
                key.Append(DnsName.FoldAscii(c));
            }
        }

        return key.ToString();
    }

    private void WriteLabel(string label)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(label);
        if (bytes.Length == 0 || bytes.Length > DnsLimits.MaxLabelLength)
        {
            throw new InvalidOperationException($"label \"{label}\" is {bytes.Length} bytes; labels are 1..{DnsLimits.MaxLabelLength}");
        }

        WriteByte((byte)bytes.Length);
        WriteBytes(bytes, 0, bytes.Length);
    }
}
