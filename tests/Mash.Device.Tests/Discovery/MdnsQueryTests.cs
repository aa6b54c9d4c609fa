using System;
using Mash.Device.Discovery;
using Mash.Protocol.Dns;
using static Mash.Device.Tests.Discovery.MdnsHarness;

namespace Mash.Device.Tests.Discovery;

/// <summary>RFC 6762 sections 5 to 7: how and when queries are answered.</summary>
public class MdnsQueryTests
{
    [Fact]
    public void A_browse_is_answered_after_a_short_random_delay_with_srv_txt_and_addresses_as_additionals()
    {
        var h = new MdnsHarness().Claimed();
        TimeSpan asked = h.Clock.Monotonic;

        h.Deliver(Query(MashcType, DnsRecordType.Ptr), Peer4);
        Assert.Empty(h.Transport.Sent);
        h.RunMs(200);

        SentPacket answer = Assert.Single(h.Transport.Sent);
        Assert.Equal(asked + TimeSpan.FromMilliseconds(20), answer.At);
        Assert.Equal(MdnsEndpoint.MulticastV4, answer.Destination);
        Assert.Equal(Instance, ((PtrRecord)Assert.Single(answer.Message.Answers)).Target);
        Assert.True(answer.Has(DnsRecordType.Srv, Instance, inAnswers: false));
        Assert.True(answer.Has(DnsRecordType.Txt, Instance, inAnswers: false));
        Assert.True(answer.Has(DnsRecordType.A, HostName, inAnswers: false));
        Assert.True(answer.Has(DnsRecordType.Aaaa, HostName, inAnswers: false));
        Assert.Equal(0, answer.Message.Id);
        Assert.Empty(answer.Message.Questions);
    }

    [Fact]
    public void The_random_delay_for_shared_answers_stays_within_20_to_120_ms()
    {
        var h = new MdnsHarness(randomByte: 0xff).Claimed();
        TimeSpan asked = h.Clock.Monotonic;

        h.Deliver(Query(MashcType, DnsRecordType.Ptr), Peer4);
        h.RunMs(200);

        Assert.InRange((Assert.Single(h.Transport.Sent).At - asked).TotalMilliseconds, 20, 120);
    }

    [Fact]
    public void A_query_over_ipv6_is_answered_on_the_ipv6_group()
    {
        var h = new MdnsHarness().Claimed();

        h.Deliver(Query(MashcType, DnsRecordType.Ptr), Peer6);
        h.RunMs(200);

        Assert.Equal(MdnsEndpoint.MulticastV6, Assert.Single(h.Transport.Sent).Destination);
    }

    [Theory]
    [InlineData(DnsRecordType.Srv, "MASH-1234._mashc._udp.local")]
    [InlineData(DnsRecordType.Txt, "MASH-1234._mashc._udp.local")]
    [InlineData(DnsRecordType.A, HostLabel + ".local")]
    [InlineData(DnsRecordType.Aaaa, HostLabel + ".local")]
    public void Questions_for_our_unique_records_are_answered_at_once(DnsRecordType type, string name)
    {
        var h = new MdnsHarness().Claimed();
        TimeSpan asked = h.Clock.Monotonic;

        h.Deliver(Query(DnsName.Parse(name), type), Peer4);

        SentPacket answer = Assert.Single(h.Transport.Sent);
        Assert.Equal(asked, answer.At);
        DnsRecord record = Assert.Single(answer.Message.Answers);
        Assert.Equal(type, record.Type);
        Assert.True(record.CacheFlush);
    }

    [Fact]
    public void An_address_answer_carries_the_other_address_family_as_additional()
    {
        var h = new MdnsHarness().Claimed();

        h.Deliver(Query(HostName, DnsRecordType.A), Peer4);

        SentPacket answer = Assert.Single(h.Transport.Sent);
        Assert.True(answer.Has(DnsRecordType.Aaaa, HostName, inAnswers: false));
    }

    [Fact]
    public void Any_on_the_instance_returns_srv_and_txt_with_the_host_addresses()
    {
        var h = new MdnsHarness().Claimed();

        h.Deliver(Query(Instance, DnsRecordType.Any), Peer4);

        SentPacket answer = Assert.Single(h.Transport.Sent);
        Assert.Equal(2, answer.Message.Answers.Length);
        Assert.True(answer.Has(DnsRecordType.Srv, Instance));
        Assert.True(answer.Has(DnsRecordType.Txt, Instance));
        Assert.True(answer.Has(DnsRecordType.A, HostName, inAnswers: false));
    }

    [Fact]
    public void A_type_the_host_does_not_have_gets_an_nsec_naming_the_types_it_has()
    {
        var h = new MdnsHarness();
        h.Responder.SetAddresses(new[] { OwnV4 });
        h.Responder.Start();
        h.Run(TimeSpan.FromSeconds(10));
        h.Transport.Sent.Clear();

        h.Deliver(Query(HostName, DnsRecordType.Aaaa), Peer4);

        var nsec = (NsecRecord)Assert.Single(Assert.Single(h.Transport.Sent).Message.Answers);
        Assert.Equal(HostName, nsec.Name);
        Assert.Equal(new[] { DnsRecordType.A }, nsec.Types);
    }

    [Fact]
    public void An_ipv4_only_host_adds_an_nsec_next_to_its_address_in_additionals()
    {
        var h = new MdnsHarness();
        h.Responder.SetAddresses(new[] { OwnV4 });
        h.Responder.SetServices(new[] { Commissionable() });
        h.Responder.Start();
        h.Run(TimeSpan.FromSeconds(10));
        h.Transport.Sent.Clear();

        h.Deliver(Query(Instance, DnsRecordType.Srv), Peer4);

        SentPacket answer = Assert.Single(h.Transport.Sent);
        Assert.True(answer.Has(DnsRecordType.A, HostName, inAnswers: false));
        Assert.True(answer.Has(DnsRecordType.Nsec, HostName, inAnswers: false));
    }

    [Fact]
    public void A_known_answer_with_at_least_half_its_ttl_left_suppresses_the_answer()
    {
        var h = new MdnsHarness().Claimed();

        h.Deliver(Query(MashcType, DnsRecordType.Ptr, false, new PtrRecord(MashcType, 2250, Instance)), Peer4);
        h.RunMs(500);
        Assert.Empty(h.Transport.Sent);

        h.Deliver(Query(MashcType, DnsRecordType.Ptr, false, new PtrRecord(MashcType, 2249, Instance)), Peer4);
        h.RunMs(500);
        Assert.Single(h.Transport.Sent);
    }

    [Fact]
    public void A_unicast_response_question_is_answered_by_unicast_unless_the_record_was_multicast_within_a_quarter_ttl()
    {
        var h = new MdnsHarness().Claimed(); // SRV (TTL 120) last multicast 6.25 s ago

        h.Deliver(Query(Instance, DnsRecordType.Srv, qu: true), Peer4);
        Assert.Equal(MdnsEndpoint.MulticastV4, Assert.Single(h.Transport.Sent).Destination);

        h.Run(TimeSpan.FromSeconds(31));
        h.Transport.Sent.Clear();
        h.Deliver(Query(Instance, DnsRecordType.Srv, qu: true), Peer4);

        SentPacket answer = Assert.Single(h.Transport.Sent);
        Assert.Equal(Peer4, answer.Destination);
        Assert.True(answer.Has(DnsRecordType.Srv, Instance));
        Assert.True(answer.Has(DnsRecordType.A, HostName, inAnswers: false));
    }

    [Fact]
    public void A_legacy_unicast_query_gets_its_id_its_question_short_ttls_and_no_cache_flush_bits()
    {
        var h = new MdnsHarness().Claimed();
        var dig = new MdnsEndpoint(new byte[] { 10, 0, 0, 9 }, 40000);

        h.Deliver(new DnsMessage(0x4242, DnsMessage.FlagRecursionDesired, new[] { new DnsQuestion(Instance, DnsRecordType.Srv) }), dig);

        SentPacket answer = Assert.Single(h.Transport.Sent);
        Assert.Equal(dig, answer.Destination);
        Assert.Equal(0x4242, answer.Message.Id);
        Assert.Equal(Instance, Assert.Single(answer.Message.Questions).Name);
        Assert.Equal(8443, ((SrvRecord)Assert.Single(answer.Message.Answers)).Port);
        Assert.NotEmpty(answer.Message.Additionals);
        foreach (DnsRecord r in answer.Message.Answers)
        {
            Assert.Equal((10u, false), (r.Ttl, r.CacheFlush));
        }

        foreach (DnsRecord r in answer.Message.Additionals)
        {
            Assert.Equal((10u, false), (r.Ttl, r.CacheFlush));
        }
    }

    [Fact]
    public void A_record_is_multicast_at_most_once_per_second()
    {
        var h = new MdnsHarness().Claimed();
        TimeSpan start = h.Clock.Monotonic;

        h.Deliver(Query(Instance, DnsRecordType.Srv), Peer4);
        h.RunMs(200);
        h.Deliver(Query(Instance, DnsRecordType.Srv), new MdnsEndpoint(new byte[] { 10, 0, 0, 10 }, MdnsEndpoint.MdnsPort));
        h.RunMs(300);
        h.Deliver(Query(Instance, DnsRecordType.Srv), Peer4);
        h.Run(TimeSpan.FromSeconds(2));

        Assert.Equal(
            new[] { 0.0, 1000 },
            h.Transport.Sent.ConvertAll(p => (p.At - start).TotalMilliseconds));
    }

    [Fact]
    public void An_answer_someone_else_multicasts_first_is_not_sent_again()
    {
        var h = new MdnsHarness().Claimed();

        h.Deliver(Query(MashcType, DnsRecordType.Ptr), Peer4);
        h.RunMs(10);
        h.Deliver(Response(new PtrRecord(MashcType, 4500, Instance)), new MdnsEndpoint(new byte[] { 10, 0, 0, 50 }, MdnsEndpoint.MdnsPort));
        h.RunMs(500);

        Assert.Empty(h.Transport.Sent);
    }

    [Fact]
    public void A_truncated_query_waits_for_the_known_answers_that_follow_it()
    {
        var h = new MdnsHarness().Claimed();
        TimeSpan asked = h.Clock.Monotonic;
        var truncated = new DnsMessage(0, DnsMessage.FlagTruncated, new[] { new DnsQuestion(MashcType, DnsRecordType.Ptr) });

        h.Deliver(truncated, Peer4);
        h.RunMs(100);
        h.Deliver(new DnsMessage(0, 0, answers: new DnsRecord[] { new PtrRecord(MashcType, 4000, Instance) }), Peer4);
        h.RunMs(1000);
        Assert.Empty(h.Transport.Sent);

        asked = h.Clock.Monotonic;
        h.Deliver(truncated, Peer4);
        h.RunMs(1000);
        Assert.Equal(asked + TimeSpan.FromMilliseconds(400), Assert.Single(h.Transport.Sent).At);
    }

    [Fact]
    public void Names_still_being_probed_and_foreign_names_are_not_answered()
    {
        var h = new MdnsHarness();
        h.Responder.SetAddresses(new[] { OwnV4 });
        h.Responder.SetServices(new[] { Commissionable() });
        h.Responder.Start();
        h.RunMs(10);
        h.Transport.Sent.Clear();

        h.Deliver(Query(Instance, DnsRecordType.Srv), Peer4);
        h.Deliver(Query(DnsName.Parse("other.local"), DnsRecordType.A), Peer4);
        h.RunMs(200);

        Assert.DoesNotContain(h.Transport.Sent, p => p.Message.IsResponse);
    }

    [Fact]
    public void Malformed_packets_are_counted_and_ignored_and_the_responder_keeps_answering()
    {
        var h = new MdnsHarness().Claimed();

        h.DeliverRaw(new byte[] { 0, 0, 0, 0, 0, 1 }, Peer4);
        h.DeliverRaw(new byte[] { 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 0x0c, 0, 1, 0, 1 }, Peer4);
        h.Deliver(Query(HostName, DnsRecordType.A), Peer4);

        Assert.Equal(2, h.Responder.MalformedPackets);
        Assert.Single(h.Transport.Sent);
    }
}
