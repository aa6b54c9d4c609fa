using System;
using System.Collections.Generic;
using System.Text;
using Mash.Protocol.Dns;
using Mash.Protocol.Tests.Wire;

namespace Mash.Protocol.Tests.Dns;

public class DnsCodecTests
{
    private static readonly DnsName Service = DnsName.Parse("_mashc._udp.local");
    private static readonly DnsName Instance = DnsName.Parse("MASH-1234._mashc._udp.local");
    private static readonly DnsName Host = DnsName.Parse("mash-0123456789abcdef.local");

    [Fact]
    public void A_browse_query_encodes_to_the_rfc_wire_form_with_the_unicast_response_bit()
    {
        var query = new DnsMessage(0, 0, new[] { new DnsQuestion(Service, DnsRecordType.Ptr, unicastResponse: true) });

        byte[] wire = query.Encode();

        Assert.Equal(
            Hex.Of(Hex.Parse("0000 0000 0001 0000 0000 0000 06\"_mashc\" 04\"_udp\" 05\"local\" 00 000c 8001")),
            Hex.Of(wire));
    }

    [Fact]
    public void Every_record_kind_survives_a_round_trip_with_its_ttl_and_cache_flush_bit()
    {
        var records = new DnsRecord[]
        {
            new PtrRecord(Service, 4500, Instance),
            new SrvRecord(Instance, 120, 1, 2, 8443, Host, cacheFlush: true),
            new TxtRecord(Instance, 4500, new[] { "D=1234", "cat=4", "brand=MASH Smart-Load", "DN=Küche" }, cacheFlush: true),
            new AddressRecord(Host, 120, new byte[] { 10, 99, 0, 1 }, cacheFlush: true),
            new AddressRecord(Host, 120, new byte[] { 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0 }, cacheFlush: true),
            new NsecRecord(Host, 120, Host, new[] { DnsRecordType.Aaaa, DnsRecordType.A }, cacheFlush: true),
            new UnknownRecord(Host, (DnsRecordType)13, 120, new byte[] { 3, (byte)'a', (byte)'r', (byte)'m', 0 }),
        };
        var message = new DnsMessage(0, DnsMessage.MdnsResponseFlags, answers: records);

        DnsMessage decoded = Decode(message.Encode());

        Assert.True(decoded.IsResponse);
        Assert.True(decoded.IsAuthoritative);
        Assert.Equal(records.Length, decoded.Answers.Length);
        for (int i = 0; i < records.Length; i++)
        {
            Assert.True(records[i].IsSameRecord(decoded.Answers[i]), $"{records[i]} came back as {decoded.Answers[i]}");
            Assert.Equal(records[i].Ttl, decoded.Answers[i].Ttl);
            Assert.Equal(records[i].CacheFlush, decoded.Answers[i].CacheFlush);
            Assert.Equal(DnsClass.Internet, decoded.Answers[i].Class);
        }

        var txt = (TxtRecord)decoded.Answers[2];
        Assert.Equal("1234", txt.GetValue("d"));
        Assert.Equal("Küche", txt.GetValue("DN"));
        Assert.Null(txt.GetValue("serial"));
        var srv = (SrvRecord)decoded.Answers[1];
        Assert.Equal((1, 2, 8443), (srv.Priority, srv.Weight, srv.Port));
        Assert.Equal(Host, srv.Target);
    }

    [Fact]
    public void Questions_and_all_three_record_sections_round_trip()
    {
        var message = new DnsMessage(
            0x1234,
            DnsMessage.FlagTruncated,
            new[] { new DnsQuestion(Instance, DnsRecordType.Any, unicastResponse: true), new DnsQuestion(Host, DnsRecordType.Aaaa) },
            new DnsRecord[] { new PtrRecord(Service, 4500, Instance) },
            new DnsRecord[] { new SrvRecord(Instance, 120, 0, 0, 8443, Host) },
            new DnsRecord[] { new AddressRecord(Host, 120, new byte[] { 192, 168, 1, 2 }) });

        DnsMessage decoded = Decode(message.Encode());

        Assert.Equal(0x1234, decoded.Id);
        Assert.True(decoded.IsTruncated);
        Assert.False(decoded.IsResponse);
        Assert.Equal(2, decoded.Questions.Length);
        Assert.True(decoded.Questions[0].UnicastResponse);
        Assert.Equal(DnsRecordType.Any, decoded.Questions[0].Type);
        Assert.False(decoded.Questions[1].UnicastResponse);
        Assert.Equal(Host, decoded.Questions[1].Name);
        Assert.Single(decoded.Answers);
        Assert.IsType<SrvRecord>(Assert.Single(decoded.Authorities));
        Assert.IsType<AddressRecord>(Assert.Single(decoded.Additionals));
    }

    [Fact]
    public void Repeated_names_are_compressed_to_pointers_on_encode()
    {
        var message = new DnsMessage(0, DnsMessage.MdnsResponseFlags, answers: new DnsRecord[]
        {
            new PtrRecord(Service, 4500, Instance),
            new SrvRecord(Instance, 120, 0, 0, 8443, Host),
            new TxtRecord(Instance, 4500, new[] { "D=1234" }),
            new AddressRecord(Host, 120, new byte[] { 10, 0, 0, 1 }),
        });

        byte[] wire = message.Encode();

        // Each label travels once; everything after is a two-byte pointer.
        Assert.Equal(1, Count(wire, "_mashc"));
        Assert.Equal(1, Count(wire, "local"));
        Assert.Equal(1, Count(wire, "MASH-1234"));
        Assert.Equal(1, Count(wire, "mash-0123456789abcdef"));

        int uncompressed = DnsLimits.HeaderSize + Service.WireLength + Instance.WireLength + Instance.WireLength + Host.WireLength + Instance.WireLength + Host.WireLength;
        Assert.True(wire.Length < uncompressed, $"{wire.Length} bytes is not smaller than the names alone ({uncompressed})");
        Assert.Equal(4, Decode(wire).Answers.Length);
    }

    [Fact]
    public void A_hand_written_response_with_compression_pointers_decodes_to_full_names()
    {
        // PTR _mashc._udp.local -> "MASH-7" + pointer to offset 12; SRV named by a pointer to that
        // label (offset 41) -> host "h" + pointer to "local" (offset 24).
        byte[] wire = Hex.Parse(
            "0000 8400 0000 0002 0000 0000" +
            "06\"_mashc\" 04\"_udp\" 05\"local\" 00" + // offset 12, "local" at 24
            "000c 0001 00001194 0009" +
            "06\"MASH-7\" c00c" + // offset 41
            "c029 0021 8001 00000078 000a 0000 0000 20fb 01\"h\" c018");

        DnsMessage message = Decode(wire);

        var ptr = Assert.IsType<PtrRecord>(message.Answers[0]);
        Assert.Equal("MASH-7._mashc._udp.local", ptr.Target.ToString());
        var srv = Assert.IsType<SrvRecord>(message.Answers[1]);
        Assert.Equal("MASH-7._mashc._udp.local", srv.Name.ToString());
        Assert.Equal("h.local", srv.Target.ToString());
        Assert.Equal(8443, srv.Port);
        Assert.True(srv.CacheFlush);
        Assert.Equal(120u, srv.Ttl);
    }

    [Fact]
    public void Nsec_type_bitmap_has_the_rfc_6762_layout_for_a_and_aaaa()
    {
        var nsec = new NsecRecord(Host, 120, Host, new[] { DnsRecordType.A, DnsRecordType.Aaaa });

        byte[] data = nsec.GetCanonicalData();

        // Next name uncompressed, then window 0, 4 bytes: A (type 1) and AAAA (type 28).
        byte[] bitmap = data.AsSpan(Host.WireLength).ToArray();
        Assert.Equal("000440000008", Hex.Of(bitmap));
        var decoded = (NsecRecord)Decode(new DnsMessage(0, DnsMessage.MdnsResponseFlags, answers: new[] { nsec }).Encode()).Answers[0];
        Assert.True(decoded.Has(DnsRecordType.A));
        Assert.True(decoded.Has(DnsRecordType.Aaaa));
        Assert.False(decoded.Has(DnsRecordType.Srv));
    }

    [Fact]
    public void Nsec_types_beyond_255_use_their_own_bitmap_window()
    {
        var nsec = new NsecRecord(Host, 120, Host, new[] { (DnsRecordType)257, DnsRecordType.Txt });

        var decoded = (NsecRecord)Decode(new DnsMessage(0, DnsMessage.MdnsResponseFlags, answers: new[] { nsec }).Encode()).Answers[0];

        Assert.Equal(new[] { DnsRecordType.Txt, (DnsRecordType)257 }, decoded.Types);
    }

    [Fact]
    public void A_txt_record_without_strings_goes_out_as_one_empty_string()
    {
        var txt = new TxtRecord(Instance, 4500, Array.Empty<string>());

        Assert.Equal(new byte[] { 0 }, txt.GetCanonicalData());
    }

    [Fact]
    public void Names_compare_ignoring_ascii_case_and_keep_dots_inside_labels()
    {
        Assert.Equal(DnsName.Parse("mash-1234._MASHC._udp.LOCAL."), DnsName.Parse("MASH-1234._mashc._udp.local"));
        Assert.Equal(DnsName.Parse("A.local").GetHashCode(), DnsName.Parse("a.local").GetHashCode());

        DnsName dotted = DnsName.Parse(@"Home\.Energy._mashd._udp.local");
        Assert.Equal(4, dotted.LabelCount);
        Assert.Equal("Home.Energy", dotted[0]);
        Assert.Equal(@"Home\.Energy._mashd._udp.local", dotted.ToString());
        DnsName back = Decode(new DnsMessage(0, 0, new[] { new DnsQuestion(dotted, DnsRecordType.Srv) }).Encode()).Questions[0].Name;
        Assert.Equal("Home.Energy", back[0]);
    }

    [Fact]
    public void Names_over_the_label_or_name_limits_cannot_be_built()
    {
        Assert.Throws<ArgumentException>(() => new DnsName(new string('a', 64), "local"));
        var labels = new string[5];
        Array.Fill(labels, new string('b', 63));
        Assert.Throws<ArgumentException>(() => new DnsName(labels));
        Assert.Throws<ArgumentException>(() => DnsName.Parse("a..local"));
    }

    [Fact]
    public void A_record_that_does_not_fit_is_refused_and_leaves_the_message_intact()
    {
        var writer = new DnsMessageWriter(100);
        writer.Begin(0, DnsMessage.MdnsResponseFlags);
        Assert.True(writer.TryAdd(DnsSection.Answer, new PtrRecord(Service, 4500, Instance)));
        int length = writer.Length;

        var big = new TxtRecord(Instance, 4500, new[] { new string('x', 200) });
        Assert.False(writer.TryAdd(DnsSection.Answer, big));

        Assert.Equal(length, writer.Length);
        Assert.True(writer.TryAdd(DnsSection.Additional, new AddressRecord(Host, 120, new byte[] { 1, 2, 3, 4 })));
        DnsMessage decoded = Decode(writer.ToArray());
        Assert.Single(decoded.Answers);
        Assert.Single(decoded.Additionals);

        // The refused record's names were not left behind as compression targets.
        Assert.Equal(Host, decoded.Additionals[0].Name);
    }

    [Fact]
    public void Sections_must_be_written_in_wire_order()
    {
        var writer = new DnsMessageWriter();
        writer.Begin(0, 0);
        writer.TryAdd(DnsSection.Additional, new AddressRecord(Host, 120, new byte[] { 1, 2, 3, 4 }));

        Assert.Throws<InvalidOperationException>(() => writer.TryAdd(DnsSection.Answer, new PtrRecord(Service, 1, Instance)));
        Assert.Throws<InvalidOperationException>(() => writer.TryAdd(new DnsQuestion(Host, DnsRecordType.A)));
    }

    [Fact]
    public void Encoding_more_than_9000_bytes_is_refused()
    {
        var records = new List<DnsRecord>();
        for (int i = 0; i < 40; i++)
        {
            records.Add(new TxtRecord(Instance, 1, new[] { new string('x', 250) }));
        }

        Assert.Throws<InvalidOperationException>(() => new DnsMessage(0, 0, answers: records.ToArray()).Encode());
    }

    [Fact]
    public void Trailing_padding_after_the_last_record_is_ignored()
    {
        byte[] wire = new DnsMessage(0, 0, new[] { new DnsQuestion(Host, DnsRecordType.A) }).Encode();
        var padded = new byte[wire.Length + 8];
        wire.CopyTo(padded, 0);

        Assert.Equal(Host, Decode(padded).Questions[0].Name);
    }

    private static DnsMessage Decode(byte[] wire) => DnsMessageReader.Decode(wire, wire.Length);

    private static int Count(byte[] haystack, string needle)
    {
        byte[] n = Encoding.ASCII.GetBytes(needle);
        int count = 0;
        for (int i = 0; i + n.Length <= haystack.Length; i++)
        {
            if (haystack.AsSpan(i, n.Length).SequenceEqual(n))
            {
                count++;
            }
        }

        return count;
    }
}
