namespace Mash.Protocol.Dns;

/// <summary>
/// Record classes. In mDNS the top bit of the class field is not part of the class: it is the
/// unicast-response (QU) bit in questions and the cache-flush bit in records (RFC 6762 sections
/// 5.4 and 10.2), so decoded classes are always below <see cref="TopBit"/>.
/// </summary>
public static class DnsClass
{
    public const ushort Internet = 1;
    public const ushort Any = 255;
    public const ushort TopBit = 0x8000;
}
