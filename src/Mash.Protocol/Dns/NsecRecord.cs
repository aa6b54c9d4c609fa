using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Text;

namespace Mash.Protocol.Dns;

/// <summary>
/// NSEC as mDNS uses it (RFC 6762 section 6.1): "this name has exactly these record types", so a
/// querier asking for another type gets a definite no instead of waiting.
/// </summary>
public sealed class NsecRecord : DnsRecord
{
    private readonly DnsRecordType[] _types;

    public NsecRecord(DnsName name, uint ttl, DnsName nextName, IReadOnlyList<DnsRecordType> types, bool cacheFlush = false, ushort recordClass = DnsClass.Internet)
        : base(name, DnsRecordType.Nsec, ttl, cacheFlush, recordClass)
    {
        ArgumentNullException.ThrowIfNull(nextName);
        ArgumentNullException.ThrowIfNull(types);
        NextName = nextName;
        _types = Sorted(types);
    }

    /// <summary>In mDNS always the record's own name.</summary>
    public DnsName NextName { get; }

    /// <summary>The types present, ascending, without duplicates.</summary>
    public IReadOnlyList<DnsRecordType> Types => new ReadOnlyCollection<DnsRecordType>(_types);

    public bool Has(DnsRecordType type) => Array.IndexOf(_types, type) >= 0;

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
        var text = new StringBuilder(NextName.ToString());
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

    private static DnsRecordType[] Sorted(IReadOnlyList<DnsRecordType> types)
    {
        var list = new List<DnsRecordType>(types.Count);
        foreach (DnsRecordType t in types)
        {
            if ((int)t < 0 || (int)t > 0xFFFF)
            {
                throw new ArgumentOutOfRangeException(nameof(types), t, "a record type is 16 bits");
            }

            if (!list.Contains(t))
            {
                list.Add(t);
            }
        }

        list.Sort();
        return list.ToArray();
    }
}
