using System;
using System.Collections.Generic;
using Mash.Device.Discovery;
using Mash.Protocol.Dns;
using static Mash.Device.Tests.Discovery.MdnsHarness;

namespace Mash.Device.Tests.Discovery;

/// <summary>Records changing while the device runs: withdrawal, updates, shutdown (RFC 6762 8.4, 10.1).</summary>
public class MdnsUpdateTests
{
    [Fact]
    public void Withdrawing_a_service_sends_goodbyes_for_its_records_only_and_stops_answering_for_it()
    {
        var h = new MdnsHarness().Claimed();

        h.Responder.SetServices(Array.Empty<DnsSdService>());

        SentPacket goodbye = Assert.Single(h.Transport.MulticastV4());
        Assert.True(goodbye.Message.IsResponse);
        Assert.True(goodbye.Has(DnsRecordType.Ptr, MashcType));
        Assert.True(goodbye.Has(DnsRecordType.Srv, Instance));
        Assert.True(goodbye.Has(DnsRecordType.Txt, Instance));
        Assert.False(goodbye.Has(DnsRecordType.A, HostName));
        Assert.All(goodbye.Message.Answers, r => Assert.Equal((0u, false), (r.Ttl, r.CacheFlush)));
        Assert.Contains(h.Transport.Sent, p => p.Destination.Equals(MdnsEndpoint.MulticastV6));

        h.Transport.Sent.Clear();
        h.Deliver(Query(MashcType, DnsRecordType.Ptr), Peer4);
        h.RunMs(500);
        Assert.Empty(h.Transport.Sent);
    }

    [Fact]
    public void Shutdown_says_goodbye_for_every_record_on_both_groups_and_then_stays_silent()
    {
        var h = new MdnsHarness().Claimed();

        h.Responder.Shutdown();

        Assert.Equal(2, h.Transport.Sent.Count);
        SentPacket goodbye = h.Transport.MulticastV4()[0];
        Assert.True(goodbye.Has(DnsRecordType.A, HostName));
        Assert.True(goodbye.Has(DnsRecordType.Aaaa, HostName));
        Assert.True(goodbye.Has(DnsRecordType.Srv, Instance));
        Assert.True(goodbye.Has(DnsRecordType.Ptr, MashcType));
        Assert.All(goodbye.Message.Answers, r => Assert.Equal(0u, r.Ttl));

        h.Transport.Sent.Clear();
        h.Deliver(Query(HostName, DnsRecordType.A), Peer4);
        h.Responder.SetServices(new[] { Commissionable("9") });
        h.Run(TimeSpan.FromSeconds(10));
        Assert.Empty(h.Transport.Sent);
        Assert.False(h.Scheduler.HasNextDeadline);
    }

    [Fact]
    public void Shutdown_before_anything_was_claimed_sends_nothing()
    {
        var h = new MdnsHarness();
        h.Responder.SetAddresses(new[] { OwnV4 });
        h.Responder.Start();
        h.RunMs(100);
        h.Transport.Sent.Clear();

        h.Responder.Shutdown();

        Assert.Empty(h.Transport.Sent);
    }

    [Fact]
    public void A_changed_txt_record_is_announced_three_times_without_probing_and_the_old_one_gets_a_goodbye()
    {
        var h = new MdnsHarness().Claimed();
        TimeSpan changed = h.Clock.Monotonic;

        h.Responder.SetServices(new[] { new DnsSdService("MASH-1234", "_mashc._udp", 8443, new[] { "D=1234", "cat=4", "DN=Kitchen" }) });
        h.Run(TimeSpan.FromSeconds(5));

        List<SentPacket> sent = h.Transport.MulticastV4();
        Assert.DoesNotContain(sent, p => p.IsProbe);
        SentPacket goodbye = sent[0];
        Assert.Equal(0u, goodbye.Answer(DnsRecordType.Txt, Instance).Ttl);
        Assert.DoesNotContain("DN=Kitchen", ((TxtRecord)goodbye.Answer(DnsRecordType.Txt, Instance)).Strings);
        List<SentPacket> announcements = sent.FindAll(p => p.Message.Answers.Length > 0 && p.Message.Answers[0].Ttl > 0);
        Assert.Equal(new[] { 0.0, 1000, 3000 }, announcements.ConvertAll(p => (p.At - changed).TotalMilliseconds));
        Assert.All(announcements, p => Assert.Contains("DN=Kitchen", ((TxtRecord)p.Answer(DnsRecordType.Txt, Instance)).Strings));
        Assert.All(announcements, p => Assert.False(p.Has(DnsRecordType.Srv, Instance)));
    }

    [Fact]
    public void A_new_address_is_announced_and_a_lost_one_gets_a_goodbye()
    {
        var h = new MdnsHarness().Claimed();
        byte[] moved = { 10, 0, 0, 2 };

        h.Responder.SetAddresses(new[] { moved, OwnV6 });
        h.Run(TimeSpan.FromSeconds(5));

        List<SentPacket> sent = h.Transport.MulticastV4();
        var old = (AddressRecord)sent[0].Answer(DnsRecordType.A, HostName);
        Assert.Equal(OwnV4, old.GetAddressBytes());
        Assert.Equal(0u, old.Ttl);
        Assert.Equal(4, sent.Count);
        var now = (AddressRecord)sent[1].Answer(DnsRecordType.A, HostName);
        Assert.Equal(moved, now.GetAddressBytes());
        Assert.Equal((120u, true), (now.Ttl, now.CacheFlush));
        Assert.False(sent[1].Has(DnsRecordType.Aaaa, HostName));
    }

    [Fact]
    public void A_second_service_is_probed_and_announced_on_its_own()
    {
        var h = new MdnsHarness().Claimed();
        var operational = new DnsSdService("a1b2c3d4e5f6a7b8-0123456789abcdef", "_mash._tcp", 8443, new[] { "ZI=a1b2c3d4e5f6a7b8", "DI=0123456789abcdef" });
        DnsName name = DnsName.Parse("a1b2c3d4e5f6a7b8-0123456789abcdef._mash._tcp.local");

        h.Responder.SetServices(new[] { Commissionable(), operational });
        h.Run(TimeSpan.FromSeconds(5));

        List<SentPacket> sent = h.Transport.MulticastV4();
        Assert.Equal(6, sent.Count);
        Assert.All(sent.GetRange(0, 3), p => Assert.Equal(name, Assert.Single(p.Message.Questions).Name));
        Assert.All(sent.GetRange(3, 3), p => Assert.False(p.Has(DnsRecordType.Srv, Instance)));
        Assert.All(sent.GetRange(3, 3), p => Assert.True(p.Has(DnsRecordType.Srv, name)));
        Assert.True(sent[3].Has(DnsRecordType.A, HostName, inAnswers: false));
    }

    [Fact]
    public void Our_record_shown_with_too_low_a_ttl_is_put_right_on_the_wire()
    {
        var h = new MdnsHarness().Claimed();

        h.Deliver(Response(new TxtRecord(Instance, 0, new[] { "D=1234", "cat=4" }, cacheFlush: true)), Peer4);

        DnsRecord txt = Assert.Single(h.Transport.Sent).Answer(DnsRecordType.Txt, Instance);
        Assert.Equal(4500u, txt.Ttl);
    }

    [Fact]
    public void Announcements_too_big_for_one_packet_are_split_without_losing_records()
    {
        var h = new MdnsHarness();
        var services = new List<DnsSdService>();
        for (int i = 0; i < 8; i++)
        {
            var zone = $"{i:x16}";
            services.Add(new DnsSdService(zone + "-0123456789abcdef", "_mash._tcp", 8443, new[] { "ZI=" + zone, "DI=0123456789abcdef", "VP=fff1:0001", "FW=0.1.0", "EP=2", "FM=0x0001", "pad=" + new string('x', 100) }));
        }

        h.Responder.SetAddresses(new[] { OwnV4, OwnV6 });
        h.Responder.SetServices(services.ToArray());
        h.Responder.Start();
        h.RunMs(800);

        List<SentPacket> first = h.Transport.MulticastV4().FindAll(p => p.Message.IsResponse);
        Assert.True(first.Count > 1);
        var txt = 0;
        foreach (SentPacket p in first)
        {
            foreach (DnsRecord r in p.Message.Answers)
            {
                txt += r.Type == DnsRecordType.Txt ? 1 : 0;
            }
        }

        Assert.Equal(8, txt);
    }
}
