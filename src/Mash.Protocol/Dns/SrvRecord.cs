using System;

namespace Mash.Protocol.Dns;

/// <summary>Where a service instance listens: host name and port (RFC 2782).</summary>
public sealed class SrvRecord : DnsRecord
{
    public SrvRecord(DnsName name, uint ttl, ushort priority, ushort weight, ushort port, DnsName target, bool cacheFlush = false, ushort recordClass = DnsClass.Internet)
        : base(name, DnsRecordType.Srv, ttl, cacheFlush, recordClass)
    {
        ArgumentNullException.ThrowIfNull(target);
        Priority = priority;
        Weight = weight;
        Port = port;
        Target = target;
    }

    public ushort Priority { get; }

    public ushort Weight { get; }

    public ushort Port { get; }

    public DnsName Target { get; }

    public override DnsRecord WithTtl(uint ttl, bool cacheFlush) => new SrvRecord(Name, ttl, Priority, Weight, Port, Target, cacheFlush, Class);

    protected override bool DataEquals(DnsRecord other) =>
        other is SrvRecord s && s.Priority == Priority && s.Weight == Weight && s.Port == Port && s.Target.Equals(Target);

    protected override string DataToString() => $"{Priority} {Weight} {Port} {Target}";

    internal override void WriteData(DnsWireWriter writer)
    {
        writer.WriteUInt16(Priority);
        writer.WriteUInt16(Weight);
        writer.WriteUInt16(Port);

        // RFC 6762 18.14 allows compressing the SRV target in mDNS; every common resolver reads it.
        writer.WriteName(Target);
    }
}
