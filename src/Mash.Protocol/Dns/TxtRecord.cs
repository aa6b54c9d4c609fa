using System;
using Mash.Protocol.Portable;

namespace Mash.Protocol.Dns;

/// <summary>
/// Text strings; DNS-SD puts one "key=value" per string (RFC 6763 section 6). Kept as bytes so a
/// record from another host survives a round trip even when it is not UTF-8.
/// </summary>
public sealed class TxtRecord : DnsRecord
{
    private readonly byte[][] _strings;

    public TxtRecord(DnsName name, uint ttl, string[] strings, bool cacheFlush = false, ushort recordClass = DnsClass.Internet)
        : this(name, ttl, Encode(strings), cacheFlush, recordClass)
    {
    }

    public TxtRecord(DnsName name, uint ttl, byte[][] strings, bool cacheFlush = false, ushort recordClass = DnsClass.Internet)
        : base(name, DnsRecordType.Txt, ttl, cacheFlush, recordClass)
    {
        ArgumentNullException.ThrowIfNull(strings);

        // RFC 6763 section 6.1: no strings, and one empty string, are the same TXT record. Keep
        // the one form we send, so a zero-length TXT from a peer compares equal to ours and
        // decoding what we encoded gives back the same record.
        if (strings.Length == 0)
        {
            _strings = new byte[][] { Bytes.Empty };
            return;
        }

        _strings = new byte[strings.Length][];
        for (int i = 0; i < _strings.Length; i++)
        {
            byte[] s = strings[i] ?? throw new ArgumentException("a TXT string cannot be null", nameof(strings));
            if (s.Length > DnsLimits.MaxCharacterStringLength)
            {
                throw new ArgumentException($"a TXT string is {s.Length} bytes, more than {DnsLimits.MaxCharacterStringLength}", nameof(strings));
            }

            _strings[i] = (byte[])s.Clone();
        }
    }

    public int Count => _strings.Length;

    /// <summary>The data length on the wire: every string plus its length byte.</summary>
    public int DataLength
    {
        get
        {
            int length = 0;
            foreach (byte[] s in _strings)
            {
                length += s.Length + 1;
            }

            return length;
        }
    }

    /// <summary>The strings decoded as UTF-8 (invalid bytes become U+FFFD), in a new array.</summary>
    public string[] Strings
    {
        get
        {
            var text = new string[_strings.Length];
            for (int i = 0; i < text.Length; i++)
            {
                text[i] = DnsText.DecodeLenient(_strings[i]);
            }

            return text;
        }
    }

    public byte[] GetBytes(int index) => (byte[])_strings[index].Clone();

    /// <summary>The value of the first "key=value" string whose key matches (ASCII case-insensitive), or null.</summary>
    public string? GetValue(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        foreach (string entry in Strings)
        {
            int eq = entry.IndexOf('=');
            string k = eq < 0 ? entry : entry.Substring(0, eq);
            if (DnsName.LabelEquals(k, key))
            {
                return eq < 0 ? string.Empty : entry.Substring(eq + 1);
            }
        }

        return null;
    }

    public override DnsRecord WithTtl(uint ttl, bool cacheFlush) => new TxtRecord(Name, ttl, _strings, cacheFlush, Class);

    protected override bool DataEquals(DnsRecord other)
    {
        if (other is not TxtRecord t || t._strings.Length != _strings.Length)
        {
            return false;
        }

        for (int i = 0; i < _strings.Length; i++)
        {
            if (!DnsRecords.BytesEqual(_strings[i], t._strings[i]))
            {
                return false;
            }
        }

        return true;
    }

    protected override string DataToString()
    {
        var text = new TextBuilder();
        foreach (string s in Strings)
        {
            if (text.Length > 0)
            {
                text.Append(' ');
            }

            text.Append('"').Append(s).Append('"');
        }

        return text.ToString();
    }

    internal override void WriteData(DnsWireWriter writer)
    {
        foreach (byte[] s in _strings)
        {
            writer.WriteByte((byte)s.Length);
            writer.WriteBytes(s, 0, s.Length);
        }
    }

    private static byte[][] Encode(string[] strings)
    {
        ArgumentNullException.ThrowIfNull(strings);
        var bytes = new byte[strings.Length][];
        for (int i = 0; i < bytes.Length; i++)
        {
            string text = strings[i] ?? throw new ArgumentException("a TXT string cannot be null", nameof(strings));
            try
            {
                bytes[i] = Utf8.GetBytes(text);
            }
            catch (FormatException ex)
            {
                throw new ArgumentException("a TXT string is not valid text", nameof(strings), ex);
            }
        }

        return bytes;
    }
}
