using System.Collections.Generic;
using Mash.Device.Diagnostics;
using Mash.Protocol.Dns;

namespace Mash.Fuzz.Targets;

/// <summary>
/// mDNS packets as they appear on a link: what our own responder sends while probing and
/// announcing (every record type it owns), and the queries controllers and other hosts send.
/// </summary>
internal static class MdnsSeeds
{
    public static IEnumerable<byte[]> Packets()
    {
        using MdnsResponderRig rig = MdnsResponderRig.Claimed(NullLogSink.Instance);
        var seen = new HashSet<string>();
        foreach (byte[] packet in rig.Transport.Sent)
        {
            if (seen.Add(System.Convert.ToHexString(packet)))
            {
                yield return packet;
            }
        }

        DnsName mashc = DnsName.Parse("_mashc._udp.local");
        DnsName host = DnsName.Parse(MdnsResponderRig.HostLabel + ".local");
        yield return new DnsMessage(0, 0, new[] { new DnsQuestion(mashc, DnsRecordType.Ptr) }).Encode();
        yield return new DnsMessage(0, 0, new[] { new DnsQuestion(host, DnsRecordType.Any, unicastResponse: true) }).Encode();
        yield return new DnsMessage(0, 0, new[] { new DnsQuestion(DnsName.Parse("_services._dns-sd._udp.local"), DnsRecordType.Ptr) }).Encode();
        yield return new DnsMessage(
            0,
            0,
            new[] { new DnsQuestion(mashc, DnsRecordType.Ptr) },
            new DnsRecord[] { new PtrRecord(mashc, 4500, DnsName.Parse("MASH-1234._mashc._udp.local")) }).Encode();

        // A probe from another host for our name: the tie-break path.
        yield return new DnsMessage(
            0,
            0,
            new[] { new DnsQuestion(host, DnsRecordType.Any, unicastResponse: true) },
            null,
            new DnsRecord[] { new AddressRecord(host, 120, new byte[] { 10, 0, 0, 9 }) }).Encode();
    }
}
