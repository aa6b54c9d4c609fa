using System;
using Mash.Protocol.Portable;

namespace Mash.Protocol.Dns;

/// <summary>A record of a type this codec does not interpret; its data is kept as received.</summary>
public sealed class UnknownRecord : DnsRecord
{
    private readonly byte[] _data;

    public UnknownRecord(DnsName name, DnsRecordType type, uint ttl, byte[] data, bool cacheFlush = false, ushort recordClass = DnsClass.Internet)
        : base(name, type, ttl, cacheFlush, recordClass)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length > ushort.MaxValue)
        {
            throw new ArgumentException("record data is at most 65535 bytes", nameof(data));
        }

        _data = (byte[])data.Clone();
    }

    public byte[] GetData() => (byte[])_data.Clone();

    public override DnsRecord WithTtl(uint ttl, bool cacheFlush) => new UnknownRecord(Name, Type, ttl, _data, cacheFlush, Class);

    protected override bool DataEquals(DnsRecord other) => other is UnknownRecord u && DnsRecords.BytesEqual(u._data, _data);

    protected override string DataToString() => @"\# " + _data.Length.ToString() + " " + Hex.ToUpper(_data);

    internal override void WriteData(DnsWireWriter writer) => writer.WriteBytes(_data, 0, _data.Length);
}
