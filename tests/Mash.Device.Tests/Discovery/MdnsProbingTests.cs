using System;
using System.Collections.Generic;
using Mash.Device.Discovery;
using Mash.Protocol.Dns;
using static Mash.Device.Tests.Discovery.MdnsHarness;

namespace Mash.Device.Tests.Discovery;

/// <summary>RFC 6762 sections 8 and 9: claiming names, announcing them, and giving way on conflicts.</summary>
public class MdnsProbingTests
{
    [Fact]
    public void Nothing_is_sent_before_start()
    {
        var h = new MdnsHarness();
        h.Responder.SetAddresses(new[] { OwnV4 });
        h.Responder.SetServices(new[] { Commissionable() });

        h.Run(TimeSpan.FromSeconds(10));

        Assert.Empty(h.Transport.Sent);
    }

    [Fact]
    public void Start_probes_three_times_250_ms_apart_then_announces_three_times_1_s_then_2_s_apart()
    {
        var h = new MdnsHarness();
        h.Responder.SetAddresses(new[] { OwnV4, OwnV6 });
        h.Responder.SetServices(new[] { Commissionable() });

        h.Responder.Start();
        h.Run(TimeSpan.FromSeconds(10));

        List<SentPacket> sent = h.Transport.MulticastV4();
        Assert.Equal(6, sent.Count);
        Assert.Equal(new[] { 0.0, 250, 500, 750, 1750, 3750 }, sent.ConvertAll(p => p.At.TotalMilliseconds));
        for (int i = 0; i < 3; i++)
        {
            SentPacket probe = sent[i];
            Assert.True(probe.IsProbe);
            Assert.Equal(new[] { HostName, Instance }, Names(probe.Message.Questions));
            Assert.All(probe.Message.Questions, q => Assert.Equal(DnsRecordType.Any, q.Type));

            // Only the first probe asks for a unicast reply.
            Assert.All(probe.Message.Questions, q => Assert.Equal(i == 0, q.UnicastResponse));
            Assert.Contains(probe.Message.Authorities, r => r is SrvRecord { Port: 8443 } && r.Name.Equals(Instance));
            Assert.Contains(probe.Message.Authorities, r => r.Type == DnsRecordType.A && r.Name.Equals(HostName));
        }

        for (int i = 3; i < 6; i++)
        {
            SentPacket announcement = sent[i];
            Assert.True(announcement.Message.IsResponse);
            Assert.True(announcement.Has(DnsRecordType.Ptr, MashcType));
            Assert.True(announcement.Has(DnsRecordType.Srv, Instance));
            Assert.True(announcement.Has(DnsRecordType.Txt, Instance));
            Assert.True(announcement.Has(DnsRecordType.A, HostName));
            Assert.True(announcement.Has(DnsRecordType.Aaaa, HostName));
            Assert.True(announcement.Has(DnsRecordType.Ptr, DnsName.Parse("_services._dns-sd._udp.local")));
        }

        // The same traffic goes to the IPv6 group.
        Assert.Equal(12, h.Transport.Sent.Count);
        Assert.True(h.Responder.IsHostNameClaimed);
    }

    [Fact]
    public void Announced_records_carry_rfc_6762_ttls_and_cache_flush_only_on_unique_records()
    {
        var h = new MdnsHarness();
        h.Responder.SetAddresses(new[] { OwnV4, OwnV6 });
        h.Responder.SetServices(new[] { Commissionable() });
        h.Responder.Start();
        h.RunMs(800);

        SentPacket announcement = h.Transport.MulticastV4()[^1];

        DnsRecord ptr = announcement.Answer(DnsRecordType.Ptr, MashcType);
        Assert.Equal((4500u, false), (ptr.Ttl, ptr.CacheFlush));
        DnsRecord txt = announcement.Answer(DnsRecordType.Txt, Instance);
        Assert.Equal((4500u, true), (txt.Ttl, txt.CacheFlush));
        DnsRecord srv = announcement.Answer(DnsRecordType.Srv, Instance);
        Assert.Equal((120u, true), (srv.Ttl, srv.CacheFlush));
        Assert.Equal(HostName, ((SrvRecord)srv).Target);
        DnsRecord a = announcement.Answer(DnsRecordType.A, HostName);
        Assert.Equal((120u, true), (a.Ttl, a.CacheFlush));
        Assert.Equal(OwnV4, ((AddressRecord)a).GetAddressBytes());
    }

    [Fact]
    public void The_first_probe_waits_a_random_time_of_at_most_250_ms()
    {
        var h = new MdnsHarness(randomByte: 0xff);
        h.Responder.SetAddresses(new[] { OwnV4 });
        h.Responder.Start();

        h.Run(TimeSpan.FromSeconds(1));

        TimeSpan first = h.Transport.MulticastV4()[0].At;
        Assert.InRange(first.TotalMilliseconds, 1, 250);
    }

    [Fact]
    public void A_conflicting_answer_while_probing_renames_the_instance_with_a_numeric_suffix()
    {
        var h = new MdnsHarness();
        h.Responder.SetAddresses(new[] { OwnV4 });
        h.Responder.SetServices(new[] { Commissionable() });
        h.Responder.Start();
        h.RunMs(100);

        // Another device already owns MASH-1234 (same discriminator, another host).
        h.Deliver(Response(new SrvRecord(Instance, 120, 0, 0, 8443, DnsName.Parse("other.local"), cacheFlush: true)), Peer4);
        h.Run(TimeSpan.FromSeconds(5));

        DnsName renamed = DnsName.Parse("MASH-1234-2._mashc._udp.local");
        Assert.Equal(renamed, h.Responder.InstanceNameOf(Commissionable()));
        Assert.True(h.Responder.IsClaimed(Commissionable()));
        Assert.Equal(1, h.Responder.ConflictsDetected);
        List<SentPacket> sent = h.Transport.MulticastV4();
        Assert.Contains(sent, p => p.IsProbe && Names(p.Message.Questions).Contains(renamed));
        Assert.DoesNotContain(sent, p => p.Message.IsResponse && p.Has(DnsRecordType.Srv, Instance));
        Assert.Contains(sent, p => p.Message.IsResponse && p.Has(DnsRecordType.Srv, renamed));
        Assert.Contains(h.Log.Lines, l => l.Message.Contains("MASH-1234-2", StringComparison.Ordinal));
    }

    [Fact]
    public void Repeated_conflicts_count_up_the_suffix()
    {
        var h = new MdnsHarness();
        h.Responder.SetAddresses(new[] { OwnV4 });
        h.Responder.SetServices(new[] { Commissionable() });
        h.Responder.Start();

        h.Deliver(Response(new TxtRecord(Instance, 4500, new[] { "D=1234" }, cacheFlush: true)), Peer4);
        h.Deliver(Response(new TxtRecord(DnsName.Parse("MASH-1234-2._mashc._udp.local"), 4500, new[] { "D=1234" }, cacheFlush: true)), Peer4);
        h.Run(TimeSpan.FromSeconds(5));

        Assert.Equal("MASH-1234-3._mashc._udp.local", h.Responder.InstanceNameOf(Commissionable())!.ToString());
    }

    [Fact]
    public void A_host_name_conflict_renames_the_host_and_the_srv_points_at_the_new_name()
    {
        var h = new MdnsHarness();
        h.Responder.SetAddresses(new[] { OwnV4 });
        h.Responder.SetServices(new[] { Commissionable() });
        h.Responder.Start();

        h.Deliver(Response(new AddressRecord(HostName, 120, new byte[] { 10, 0, 0, 77 }, cacheFlush: true)), Peer4);
        h.Run(TimeSpan.FromSeconds(5));

        DnsName renamed = DnsName.Parse(HostLabel + "-2.local");
        Assert.Equal(renamed, h.Responder.HostName);
        SentPacket last = h.Transport.MulticastV4()[^1];
        Assert.Equal(renamed, ((SrvRecord)last.Answer(DnsRecordType.Srv, Instance)).Target);
        Assert.True(last.Has(DnsRecordType.A, renamed));
    }

    [Fact]
    public void Our_own_records_looped_back_are_not_a_conflict()
    {
        var h = new MdnsHarness();
        h.Responder.SetAddresses(new[] { OwnV4 });
        h.Responder.SetServices(new[] { Commissionable() });
        h.Responder.Start();
        h.RunMs(100);

        // What we send comes back to our own socket (multicast loopback), from our own address.
        var own = new MdnsEndpoint(OwnV4, MdnsEndpoint.MdnsPort);
        h.Deliver(Response(new SrvRecord(Instance, 120, 0, 0, 9999, DnsName.Parse("stale.local"), cacheFlush: true)), own);
        h.Deliver(Response(new SrvRecord(Instance, 120, 0, 0, 8443, HostName, cacheFlush: true)), Peer4);
        h.Run(TimeSpan.FromSeconds(5));

        Assert.Equal(Instance, h.Responder.InstanceNameOf(Commissionable()));
        Assert.Equal(0, h.Responder.ConflictsDetected);
    }

    [Fact]
    public void Responses_not_from_port_5353_and_goodbyes_are_not_conflicts()
    {
        var h = new MdnsHarness();
        h.Responder.SetAddresses(new[] { OwnV4 });
        h.Responder.SetServices(new[] { Commissionable() });
        h.Responder.Start();

        h.Deliver(Response(new TxtRecord(Instance, 4500, new[] { "D=1" }, cacheFlush: true)), new MdnsEndpoint(new byte[] { 10, 0, 0, 9 }, 40000));
        h.Deliver(Response(new TxtRecord(Instance, 0, new[] { "D=1" })), Peer4);
        h.Run(TimeSpan.FromSeconds(5));

        Assert.Equal(Instance, h.Responder.InstanceNameOf(Commissionable()));
    }

    [Fact]
    public void Losing_a_simultaneous_probe_tie_break_probes_again_one_second_later_under_the_same_name()
    {
        var h = new MdnsHarness();
        h.Responder.SetAddresses(new[] { OwnV4 });
        h.Responder.SetServices(new[] { Commissionable() });
        h.Responder.Start();
        h.RunMs(100); // one probe out

        // Both proposals sort TXT (type 16) before SRV (33); the other TXT starts with a 7-byte
        // string where ours has 6, so the other proposal is lexicographically later and wins.
        h.Deliver(Probe(Srv(), new TxtRecord(Instance, 4500, new[] { "D=12345", "cat=4" }, cacheFlush: true)), Peer4);
        h.Run(TimeSpan.FromSeconds(3));

        var instanceProbes = h.Transport.MulticastV4().FindAll(p => p.IsProbe && Names(p.Message.Questions).Contains(Instance));
        Assert.Equal(new[] { 0.0, 1100, 1350, 1600 }, instanceProbes.ConvertAll(p => p.At.TotalMilliseconds));
        Assert.True(h.Responder.IsClaimed(Commissionable()));
        Assert.Equal(Instance, h.Responder.InstanceNameOf(Commissionable()));
    }

    [Fact]
    public void Winning_a_simultaneous_probe_tie_break_keeps_probing_on_schedule()
    {
        var h = new MdnsHarness();
        h.Responder.SetAddresses(new[] { OwnV4 });
        h.Responder.SetServices(new[] { Commissionable() });
        h.Responder.Start();
        h.RunMs(100);

        h.Deliver(Probe(Srv(), new TxtRecord(Instance, 4500, new[] { "D=1" }, cacheFlush: true)), Peer4);
        h.Run(TimeSpan.FromSeconds(1));

        Assert.True(h.Responder.IsClaimed(Commissionable()));
        Assert.Equal(3, h.Transport.MulticastV4().FindAll(p => p.IsProbe).Count);
    }

    [Fact]
    public void A_probe_for_a_claimed_name_is_answered_at_once_to_defend_it()
    {
        var h = new MdnsHarness().Claimed();
        TimeSpan asked = h.Clock.Monotonic;

        h.Deliver(Probe(new SrvRecord(Instance, 120, 0, 0, 9000, DnsName.Parse("other.local"), cacheFlush: true)), Peer4);

        SentPacket defence = Assert.Single(h.Transport.Sent);
        Assert.Equal(asked, defence.At);
        Assert.Equal(MdnsEndpoint.MulticastV4, defence.Destination);
        Assert.True(defence.Has(DnsRecordType.Srv, Instance));
        Assert.True(defence.Has(DnsRecordType.Txt, Instance));
    }

    [Fact]
    public void A_conflict_after_announcing_withdraws_the_record_and_probes_the_name_again()
    {
        var h = new MdnsHarness().Claimed();

        h.Deliver(Response(new SrvRecord(Instance, 120, 0, 0, 9000, DnsName.Parse("other.local"), cacheFlush: true)), Peer4);
        h.RunMs(100);

        List<SentPacket> sent = h.Transport.MulticastV4();
        Assert.Contains(sent, p => p.Message.IsResponse && p.Message.Answers.Length > 0 && p.Message.Answers[0].Ttl == 0 && p.Has(DnsRecordType.Srv, Instance));
        Assert.Contains(sent, p => p.IsProbe && Names(p.Message.Questions).Contains(Instance));
        Assert.False(h.Responder.IsClaimed(Commissionable()));

        // The other host still owns it and answers our probe: now we rename.
        h.Deliver(Response(new SrvRecord(Instance, 120, 0, 0, 9000, DnsName.Parse("other.local"), cacheFlush: true)), Peer4);
        h.Run(TimeSpan.FromSeconds(5));
        Assert.Equal("MASH-1234-2._mashc._udp.local", h.Responder.InstanceNameOf(Commissionable())!.ToString());
    }

    [Fact]
    public void Fifteen_conflicts_in_ten_seconds_slow_probing_to_one_attempt_per_five_seconds()
    {
        var h = new MdnsHarness();
        h.Responder.SetAddresses(new[] { OwnV4 });
        h.Responder.Start();
        for (int i = 0; i < 15; i++)
        {
            DnsName current = h.Responder.HostName;
            h.Deliver(Response(new AddressRecord(current, 120, new byte[] { 10, 0, 0, 77 }, cacheFlush: true)), Peer4);
        }

        int before = h.Transport.MulticastV4().Count;
        h.Run(TimeSpan.FromSeconds(4.9));
        Assert.Equal(before, h.Transport.MulticastV4().Count);

        h.Run(TimeSpan.FromSeconds(0.2));
        SentPacket probe = h.Transport.MulticastV4()[^1];
        Assert.True(probe.IsProbe);
        Assert.Equal(HostLabel + "-16.local", probe.Message.Questions[0].Name.ToString());
    }

    private static SrvRecord Srv() => new(Instance, 120, 0, 0, 8443, DnsName.Parse("other.local"), cacheFlush: true);

    private static DnsMessage Probe(params DnsRecord[] proposal) =>
        new(0, 0, new[] { new DnsQuestion(proposal[0].Name, DnsRecordType.Any, unicastResponse: true) }, authorities: proposal);

    private static List<DnsName> Names(IReadOnlyList<DnsQuestion> questions)
    {
        var names = new List<DnsName>();
        foreach (DnsQuestion q in questions)
        {
            names.Add(q.Name);
        }

        return names;
    }
}
