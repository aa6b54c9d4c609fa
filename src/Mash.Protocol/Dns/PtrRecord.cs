using System;

namespace Mash.Protocol.Dns;

/// <summary>A pointer: service type to instance, or service enumeration to service type (RFC 6763).</summary>
public sealed class PtrRecord : DnsRecord
{
    public PtrRecord(DnsName name, uint ttl, DnsName target, bool cacheFlush = false, ushort recordClass = DnsClass.Internet)
        : base(name, DnsRecordType.Ptr, ttl, cacheFlush, recordClass)
    {
        ArgumentNullException.ThrowIfNull(target);
        Target = target;
    }

    public DnsName Target { get; }

    public override DnsRecord WithTtl(uint ttl, bool cacheFlush) => new PtrRecord(Name, ttl, Target, cacheFlush, Class);

    protected override bool DataEquals(DnsRecord other) => other is PtrRecord p && p.Target.Equals(Target);

    protected override string DataToString() => Target.ToString();

    internal override void WriteData(DnsWireWriter writer) => writer.WriteName(Target);
}
