using System;

namespace Mash.Protocol.Dns;

/// <summary>
/// A resource record. Immutable; <see cref="WithTtl"/> makes the copies a responder needs (goodbye
/// with TTL 0, legacy unicast answers without the cache-flush bit).
/// </summary>
public abstract class DnsRecord
{
    protected DnsRecord(DnsName name, DnsRecordType type, uint ttl, bool cacheFlush, ushort recordClass)
    {
        ArgumentNullException.ThrowIfNull(name);
        if ((recordClass & DnsClass.TopBit) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(recordClass), "the top bit of the class is the cache-flush flag");
        }

        Name = name;
        Type = type;
        Ttl = ttl;
        CacheFlush = cacheFlush;
        Class = recordClass;
    }

    public DnsName Name { get; }

    public DnsRecordType Type { get; }

    /// <summary>Seconds; 0 in a goodbye.</summary>
    public uint Ttl { get; }

    /// <summary>The mDNS cache-flush bit: this record set is unique and replaces older copies.</summary>
    public bool CacheFlush { get; }

    /// <summary>Class without the cache-flush bit.</summary>
    public ushort Class { get; }

    /// <summary>The same record with another TTL and cache-flush bit.</summary>
    public abstract DnsRecord WithTtl(uint ttl, bool cacheFlush);

    /// <summary>
    /// True when <paramref name="other"/> is the same record: name, type, class and data, with
    /// names compared case-insensitively. TTL and cache-flush bit do not matter.
    /// </summary>
    public bool IsSameRecord(DnsRecord other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return other.Type == Type && other.Class == Class && other.Name.Equals(Name) && DataEquals(other);
    }

    /// <summary>The record data as it goes on the wire without name compression (RFC 6762 8.2 compares this).</summary>
    public byte[] GetCanonicalData()
    {
        var writer = new DnsWireWriter(DnsLimits.MaxMessageSize, compress: false);
        WriteData(writer);
        return writer.ToArray();
    }

    public override string ToString() =>
        $"{Name} {(CacheFlush ? "flush " : string.Empty)}{Ttl} {DnsRecords.TypeName(Type)} {DataToString()}";

    /// <summary>Compares data only; the caller has checked that both records have the same type.</summary>
    protected abstract bool DataEquals(DnsRecord other);

    protected abstract string DataToString();

    internal abstract void WriteData(DnsWireWriter writer);
}
