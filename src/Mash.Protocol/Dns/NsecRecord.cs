using System;
using Mash.Protocol.Portable;

namespace Mash.Protocol.Dns;

/// <summary>
/// NSEC as mDNS uses it (RFC 6762 section 6.1): "this name has exactly these record types", so a
/// querier asking for another type gets a definite no instead of waiting.
/// </summary>
public sealed class NsecRecord : DnsRecord
{
    private readonly DnsRecordType[] _types;

    public NsecRecord(DnsName name, uint ttl, DnsName nextName, DnsRecordType[] types, bool cacheFlush = false, ushort recordClass = DnsClass.Internet)
        : base(name, DnsRecordType.Nsec, ttl, cacheFlush, recordClass)
    {
        ArgumentNullException.ThrowIfNull(nextName);
        ArgumentNullException.ThrowIfNull(types);
        NextName = nextName;
        _types = Sorted(types);
    }

    /// <summary>In mDNS always the record's own name.</summary>
    public DnsName NextName { get; }

    /// <summary>The types present, ascending, without duplicates (a copy).</summary>
    public DnsRecordType[] Types => (DnsRecordType[])_types.Clone();

    public bool Has(DnsRecordType type)
    {
        foreach (DnsRecordType t in _types)
        {
            if (t == type)
            {
                return true;
            }
        }

        return false;
    }

    public override DnsRecord WithTtl(uint ttl, bool cacheFlush) => new NsecRecord(Name, ttl, NextName, _types, cacheFlush, Class);

    protected override bool DataEquals(DnsRecord other)
    {
        if (other is not NsecRecord n || !n.NextName.Equals(NextName) || n._types.Length != _types.Length)
        {
            return false;
        }

        for (int i = 0; i < _types.Length; i++)
        {
            if (n._types[i] != _types[i])
            {
                return false;
            }
        }

        return true;
    }

    protected override string DataToString()
    {
        var text = new TextBuilder().Append(NextName.ToString());
        foreach (DnsRecordType t in _types)
        {
            text.Append(' ').Append(DnsRecords.TypeName(t));
        }

        return text.ToString();
    }

    internal override void WriteData(DnsWireWriter writer)
    {
        // The next name stays uncompressed: RFC 4034 forbids compressing it and not every mDNS
        // stack accepts the RFC 6762 exception.
        writer.WriteNameUncompressed(NextName);

        int i = 0;
        while (i < _types.Length)
        {
            int window = (int)_types[i] >> 8;
            var bitmap = new byte[32];
            int length = 0;
            for (; i < _types.Length && ((int)_types[i] >> 8) == window; i++)
            {
                int low = (int)_types[i] & 0xFF;
                bitmap[low / 8] |= (byte)(0x80 >> (low % 8));
                length = (low / 8) + 1;
            }

            writer.WriteByte((byte)window);
            writer.WriteByte((byte)length);
            writer.WriteBytes(bitmap, 0, length);
        }
    }

    private static DnsRecordType[] Sorted(DnsRecordType[] types)
    {
        // Insertion sort without duplicates: an NSEC lists a handful of types.
        var sorted = new DnsRecordType[types.Length];
        int count = 0;
        foreach (DnsRecordType t in types)
        {
            if ((int)t < 0 || (int)t > 0xFFFF)
            {
                throw new ArgumentOutOfRangeException(nameof(types), "a record type is 16 bits, not " + (int)t);
            }

            int at = count;
            while (at > 0 && sorted[at - 1] > t)
            {
                at--;
            }

            if (at > 0 && sorted[at - 1] == t)
            {
                continue;
            }

            for (int k = count; k > at; k--)
            {
                sorted[k] = sorted[k - 1];
            }

            sorted[at] = t;
            count++;
        }

        if (count == sorted.Length)
        {
            return sorted;
        }

        var result = new DnsRecordType[count];
        Array.Copy(sorted, result, count);
        return result;
    }
}
