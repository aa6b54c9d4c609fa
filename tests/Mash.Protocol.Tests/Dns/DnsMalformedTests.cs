using System;
using System.Collections.Generic;
using Mash.Protocol.Dns;
using Mash.Protocol.Tests.Wire;

namespace Mash.Protocol.Tests.Dns;

/// <summary>Whatever arrives on port 5353, decoding either succeeds or throws DnsFormatException.</summary>
public class DnsMalformedTests
{
    private const string Header1Question = "0000 0000 0001 0000 0000 0000";
    private const string Header1Answer = "0000 8400 0000 0001 0000 0000";
    private const string Local = "05\"local\" 00";

    public static TheoryData<string, string> Malformed => new()
    {
        { "shorter than a header", "0000 0000 0001" },
        { "question name cut short", Header1Question + "05\"loc\"" },
        { "question without type and class", Header1Question + Local },
        { "counts larger than the packet", "0000 0000 ffff ffff ffff ffff" },
        { "pointer to itself", Header1Question + "c00c 0001 0001" },
        { "two pointers pointing at each other", Header1Question + "01\"a\" c00e 0001 0001" },
        { "forward pointer", Header1Question + "c010 0001 0001 01\"a\" 00" },
        { "pointer into the header", Header1Question + "c002 0001 0001" },
        { "pointer cut short", Header1Question + "c0" },
        { "label with reserved type bits 01", Header1Question + "41" + new string('6', 2 * 65) + "00 0001 0001" },
        { "label with reserved type bits 10", Header1Question + "80 00 0001 0001" },
        { "name longer than 255 bytes", Header1Question + LongName(5) + "0001 0001" },
        { "label not UTF-8", Header1Question + "02 c328 00 0001 0001" },
        { "record data past the end", Header1Answer + Local + "0001 0001 00000078 0010 0a000001" },
        { "A record with 5 data bytes", Header1Answer + Local + "0001 0001 00000078 0005 0a00000100" },
        { "AAAA record with 4 data bytes", Header1Answer + Local + "001c 0001 00000078 0004 0a000001" },
        { "TXT string past its record", Header1Answer + Local + "0010 0001 00000078 0003 05\"ab\"" },
        { "SRV shorter than its fixed fields", Header1Answer + Local + "0021 0001 00000078 0004 0000 0000" },
        { "PTR with a byte after its name", Header1Answer + Local + "000c 0001 00000078 0003 c00c ff" },
        { "PTR name running past its data", Header1Answer + Local + "000c 0001 00000078 0001 01\"a\" 00" },
        { "NSEC window of 0 bytes", Header1Answer + Local + "002f 0001 00000078 0004 c00c 00 00" },
        { "NSEC window of 33 bytes", Header1Answer + Local + "002f 0001 00000078 0025 c00c 00 21" + new string('0', 66) },
        { "NSEC windows out of order", Header1Answer + Local + "002f 0001 00000078 0008 c00c 01 01 80 00 01 80" },
        { "NSEC bitmap cut short", Header1Answer + Local + "002f 0001 00000078 0003 c00c 00" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_packets_are_rejected_with_a_format_exception(string why, string notation)
    {
        byte[] packet = Hex.Parse(notation);

        var ex = Assert.Throws<DnsFormatException>(() => DnsMessageReader.Decode(packet, packet.Length));
        Assert.False(string.IsNullOrEmpty(ex.Message), why);
    }

    [Fact]
    public void A_packet_over_9000_bytes_is_rejected_before_parsing()
    {
        var packet = new byte[DnsLimits.MaxMessageSize + 1];

        Assert.Throws<DnsFormatException>(() => DnsMessageReader.Decode(packet, packet.Length));
    }

    [Fact]
    public void Random_corruption_of_a_real_response_never_escapes_as_another_exception()
    {
        byte[] valid = new DnsMessage(0, DnsMessage.MdnsResponseFlags, answers: new DnsRecord[]
        {
            new PtrRecord(DnsName.Parse("_mashc._udp.local"), 4500, DnsName.Parse("MASH-1234._mashc._udp.local")),
            new SrvRecord(DnsName.Parse("MASH-1234._mashc._udp.local"), 120, 0, 0, 8443, DnsName.Parse("mash-1.local"), cacheFlush: true),
            new TxtRecord(DnsName.Parse("MASH-1234._mashc._udp.local"), 4500, new[] { "D=1234", "cat=4" }, cacheFlush: true),
            new NsecRecord(DnsName.Parse("mash-1.local"), 120, DnsName.Parse("mash-1.local"), new[] { DnsRecordType.A }),
            new AddressRecord(DnsName.Parse("mash-1.local"), 120, new byte[] { 10, 0, 0, 1 }),
        }).Encode();
        var random = new Random(6762);
        int rejected = 0;

        for (int round = 0; round < 20000; round++)
        {
            byte[] packet = (byte[])valid.Clone();
            int flips = 1 + random.Next(4);
            for (int f = 0; f < flips; f++)
            {
                packet[random.Next(packet.Length)] = (byte)random.Next(256);
            }

            int length = random.Next(4) == 0 ? random.Next(packet.Length + 1) : packet.Length;
            try
            {
                DnsMessageReader.Decode(packet, length);
            }
            catch (DnsFormatException)
            {
                rejected++;
            }
        }

        // Sanity: the corruption does hit the parser, it is not all in TTLs and address bytes.
        Assert.InRange(rejected, 2000, 20000);
    }

    [Fact]
    public void A_zero_length_txt_record_from_a_peer_is_the_same_record_as_our_empty_txt()
    {
        // Found by fuzzing: it decoded as a TXT with no strings, which our encoder writes as one
        // empty string, so the same record compared unequal to itself after a round trip
        // (RFC 6763 section 6.1 makes both forms equivalent).
        byte[] packet = Hex.Parse(Header1Answer + Local + "0010 0001 00000078 0000");

        DnsRecord received = DnsMessageReader.Decode(packet, packet.Length).Answers[0];
        var ours = new TxtRecord(DnsName.Parse("local"), 120, Array.Empty<string>());

        Assert.True(received.IsSameRecord(ours));
        DnsRecord again = DnsMessageReader.Decode(new DnsMessage(0, DnsMessage.MdnsResponseFlags, answers: new[] { received }).Encode()).Answers[0];
        Assert.True(again.IsSameRecord(received));
    }

    private static string LongName(int labels)
    {
        var parts = new List<string>();
        for (int i = 0; i < labels; i++)
        {
            parts.Add("3f" + new string('6', 2 * 63));
        }

        return string.Join(" ", parts) + " 00";
    }
}
