using System;

namespace Mash.Protocol.Dns;

/// <summary>An A (4-byte) or AAAA (16-byte) address record; the type follows from the length.</summary>
public sealed class AddressRecord : DnsRecord
{
    private readonly byte[] _address;

    public AddressRecord(DnsName name, uint ttl, byte[] address, bool cacheFlush = false, ushort recordClass = DnsClass.Internet)
        : base(name, TypeOf(address), ttl, cacheFlush, recordClass)
    {
        _address = (byte[])address.Clone();
    }

    public bool IsIPv6 => _address.Length == 16;

    public byte[] GetAddressBytes() => (byte[])_address.Clone();

    public override DnsRecord WithTtl(uint ttl, bool cacheFlush) => new AddressRecord(Name, ttl, _address, cacheFlush, Class);

    protected override bool DataEquals(DnsRecord other) => other is AddressRecord a && DnsRecords.BytesEqual(a._address, _address);

    protected override string DataToString() => DnsText.FormatAddress(_address);

    internal override void WriteData(DnsWireWriter writer) => writer.WriteBytes(_address, 0, _address.Length);

    private static DnsRecordType TypeOf(byte[] address)
    {
        if (address is null)
        {
            throw new ArgumentNullException(nameof(address));
        }

        if (address.Length == 4)
        {
            return DnsRecordType.A;
        }

        if (address.Length == 16)
        {
            return DnsRecordType.Aaaa;
        }

        throw new ArgumentException($"an address is 4 or 16 bytes, not {address.Length}", nameof(address));
    }
}
