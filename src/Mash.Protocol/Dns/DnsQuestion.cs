namespace Mash.Protocol.Dns;

/// <summary>One question; <see cref="UnicastResponse"/> is the mDNS QU bit (RFC 6762 section 5.4).</summary>
public sealed class DnsQuestion
{
    public DnsQuestion(DnsName name, DnsRecordType type, bool unicastResponse = false, ushort recordClass = DnsClass.Internet)
    {
        Name = name;
        Type = type;
        UnicastResponse = unicastResponse;
        Class = recordClass;
    }

    public DnsName Name { get; }

    public DnsRecordType Type { get; }

    /// <summary>Class without the QU bit.</summary>
    public ushort Class { get; }

    public bool UnicastResponse { get; }

    public override string ToString() => $"{Name} {DnsRecords.TypeName(Type)}{(UnicastResponse ? " QU" : string.Empty)}";
}
