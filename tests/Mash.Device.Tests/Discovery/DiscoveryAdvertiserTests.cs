using System;
using System.Collections.Generic;
using Mash.Device.Boards;
using Mash.Device.Discovery;
using Mash.Device.Runtime;
using Mash.Device.Tests.Boards;
using Mash.Protocol.Dns;
using Mash.Protocol.Onboarding;

namespace Mash.Device.Tests.Discovery;

/// <summary>The MASH services as a controller's browser sees them (behaviour spec discovery.md).</summary>
public class DiscoveryAdvertiserTests
{
    private const string DeviceId = "0123456789abcdef";
    private const string ZoneA = "a1b2c3d4e5f6a7b8";
    private const string ZoneB = "1234567890abcdef";

    private readonly MdnsHarness _h = new();
    private readonly DiscoveryAdvertiser _advertiser;

    public DiscoveryAdvertiserTests()
    {
        BoardDefinition board = TestBoards.WaterHeater(categories: new[] { DeviceCategory.Hvac, DeviceCategory.Ems });
        _advertiser = new DiscoveryAdvertiser(8443, OperationalAdvert.FromBoard(board, DeviceId), new[] { _h.Responder });
        _h.Responder.SetAddresses(new[] { MdnsHarness.OwnV4, MdnsHarness.OwnV6 });
        Board = board;
    }

    private BoardDefinition Board { get; }

    [Fact]
    public void The_commissionable_instance_is_mash_dash_discriminator_with_every_txt_key_a_browser_needs()
    {
        _advertiser.SetCommissionable(CommissionableAdvert.FromBoard(Board, new Discriminator(1234), "SL-0001"));
        _advertiser.Start();
        _h.Run(TimeSpan.FromSeconds(5));

        SentPacket announcement = _h.Transport.MulticastV4()[^1];
        DnsName instance = DnsName.Parse("MASH-1234._mashc._udp.local");
        var txt = (TxtRecord)announcement.Answer(DnsRecordType.Txt, instance);
        Assert.Equal(
            new[] { "D=1234", "cat=4,2", "serial=SL-0001", "brand=MASH Smart-Load", "model=" + Board.Model, "VP=fff1:0001", "CM=1", "DT=WATER_HEATER" },
            txt.Strings);
        Assert.Equal(8443, ((SrvRecord)announcement.Answer(DnsRecordType.Srv, instance)).Port);
        Assert.True(MashTxt.TotalBytes(txt.Strings) <= MashTxt.MaxTotalBytes);
    }

    [Fact]
    public void The_discriminator_is_not_padded_in_the_instance_name()
    {
        var advert = CommissionableAdvert.FromBoard(Board, new Discriminator(42), "SL-0001", deviceName: "Boiler");

        Assert.Equal("MASH-42", advert.InstanceLabel);
        Assert.Equal("D=42", MashTxt.Commissionable(advert)[0]);
        Assert.Contains("DN=Boiler", MashTxt.Commissionable(advert));
    }

    [Fact]
    public void Each_zone_gets_an_operational_instance_named_zone_dash_device_with_its_txt()
    {
        _advertiser.SetOperationalZones(new[] { ZoneA, ZoneB });
        _advertiser.Start();
        _h.Run(TimeSpan.FromSeconds(5));

        SentPacket announcement = _h.Transport.MulticastV4()[^1];
        foreach (string zone in new[] { ZoneA, ZoneB })
        {
            DnsName instance = DnsName.Parse($"{zone}-{DeviceId}._mash._tcp.local");
            var txt = (TxtRecord)announcement.Answer(DnsRecordType.Txt, instance);
            Assert.Equal(new[] { "ZI=" + zone, "DI=" + DeviceId, "VP=fff1:0001", "FW=0.1.0", "EP=2", "FM=0x0001" }, txt.Strings);
        }

        Assert.Equal(2, CountPtr(announcement, "_mash._tcp.local"));
    }

    [Fact]
    public void Removing_one_zone_says_goodbye_to_that_instance_and_keeps_the_other()
    {
        _advertiser.SetOperationalZones(new[] { ZoneA, ZoneB });
        _advertiser.Start();
        _h.Run(TimeSpan.FromSeconds(5));
        _h.Transport.Sent.Clear();

        _advertiser.SetOperationalZones(new[] { ZoneB });

        SentPacket goodbye = Assert.Single(_h.Transport.MulticastV4());
        Assert.True(goodbye.Has(DnsRecordType.Srv, DnsName.Parse($"{ZoneA}-{DeviceId}._mash._tcp.local")));
        Assert.False(goodbye.Has(DnsRecordType.Srv, DnsName.Parse($"{ZoneB}-{DeviceId}._mash._tcp.local")));
        Assert.All(goodbye.Message.Answers, r => Assert.Equal(0u, r.Ttl));
        Assert.Contains(_h.Responder.PublishedRecords, r => r.Name.Equals(DnsName.Parse($"{ZoneB}-{DeviceId}._mash._tcp.local")));
    }

    [Fact]
    public void Closing_the_window_withdraws_the_commissionable_instance_and_keeps_the_zones()
    {
        _advertiser.SetCommissionable(CommissionableAdvert.FromBoard(Board, new Discriminator(1234), "SL-0001"));
        _advertiser.SetOperationalZones(new[] { ZoneA });
        _advertiser.Start();
        _h.Run(TimeSpan.FromSeconds(5));
        _h.Transport.Sent.Clear();

        _advertiser.SetCommissionable(null);

        SentPacket goodbye = Assert.Single(_h.Transport.MulticastV4());
        Assert.True(goodbye.Has(DnsRecordType.Ptr, DnsName.Parse("_mashc._udp.local")));
        Assert.False(goodbye.Has(DnsRecordType.Ptr, DnsName.Parse("_mash._tcp.local")));
        Assert.Equal(new[] { $"{ZoneA}-{DeviceId}" }, Instances());
    }

    [Fact]
    public void A_zone_may_carry_its_own_device_id()
    {
        _advertiser.SetOperationalZones(new[] { new OperationalZone(ZoneA, "fedcba9876543210") });

        Assert.Equal(new[] { $"{ZoneA}-fedcba9876543210" }, Instances());
        Assert.Contains("DI=fedcba9876543210", _advertiser.Services[0].Txt);
    }

    [Fact]
    public void Zone_and_device_ids_must_be_16_lowercase_hex_digits()
    {
        Assert.Throws<ArgumentException>(() => _advertiser.SetOperationalZones(new[] { "A1B2C3D4E5F6A7B8" }));
        Assert.Throws<ArgumentException>(() => new OperationalZone(ZoneA, "123"));
    }

    [Fact]
    public void A_txt_record_over_400_bytes_is_refused()
    {
        var advert = new CommissionableAdvert(
            discriminator: new Discriminator(1),
            categories: new[] { DeviceCategory.Hvac },
            serial: new string('s', 120),
            brand: new string('b', 120),
            model: new string('m', 120),
            deviceName: null,
            vendorId: 1,
            productId: 1,
            deviceType: DeviceType.WaterHeater);

        Assert.Throws<ArgumentException>(() => MashTxt.Commissionable(advert));
    }

    [Fact]
    public void Every_link_gets_the_services_and_a_device_on_two_links_of_one_lan_does_not_conflict_with_itself()
    {
        var clock = new VirtualClock();
        var log = new CollectingLogSink();
        var scheduler = new Scheduler(clock, log);
        var wire = new List<(MdnsResponder From, byte[] Packet)>();
        var eth = new LoopTransport(wire);
        var wlan = new LoopTransport(wire);
        var random = new MdnsHarness.FixedRandom(0);
        var a = new MdnsResponder(scheduler, eth, random, log, "mash-" + DeviceId, "eth0");
        var b = new MdnsResponder(scheduler, wlan, random, log, "mash-" + DeviceId, "wlan0");
        eth.Owner = a;
        wlan.Owner = b;
        a.SetAddresses(new[] { new byte[] { 192, 168, 1, 10 } });
        b.SetAddresses(new[] { new byte[] { 192, 168, 1, 11 } });
        var advertiser = new DiscoveryAdvertiser(8443, OperationalAdvert.FromBoard(Board, DeviceId), new[] { a, b });
        advertiser.SetCommissionable(CommissionableAdvert.FromBoard(Board, new Discriminator(7), "SL-7"));
        advertiser.Start();

        // Both links share one LAN: every packet one sends, the other receives from its address.
        for (int ms = 0; ms < 5000; ms += 10)
        {
            VirtualTime.RunFor(scheduler, clock, TimeSpan.FromMilliseconds(10));
            foreach ((MdnsResponder from, byte[] packet) in wire.ToArray())
            {
                MdnsResponder to = from == a ? b : a;
                byte[] source = from == a ? new byte[] { 192, 168, 1, 10 } : new byte[] { 192, 168, 1, 11 };
                to.Receive(packet, packet.Length, new MdnsEndpoint(source, MdnsEndpoint.MdnsPort));
            }

            wire.Clear();
        }

        Assert.Equal(0, a.ConflictsDetected + b.ConflictsDetected);
        Assert.Equal("MASH-7._mashc._udp.local", a.InstanceNameOf(advertiser.Services[0])!.ToString());
        Assert.True(b.IsClaimed(advertiser.Services[0]));
    }

    private static int CountPtr(SentPacket packet, string type)
    {
        int count = 0;
        foreach (DnsRecord r in packet.Message.Answers)
        {
            count += r is PtrRecord && r.Name.Equals(DnsName.Parse(type)) ? 1 : 0;
        }

        return count;
    }

    private List<string> Instances()
    {
        var list = new List<string>();
        foreach (DnsSdService s in _advertiser.Services)
        {
            list.Add(s.Instance);
        }

        return list;
    }

    private sealed class LoopTransport : IMulticastTransport
    {
        private readonly List<(MdnsResponder From, byte[] Packet)> _wire;

        public LoopTransport(List<(MdnsResponder From, byte[] Packet)> wire)
        {
            _wire = wire;
        }

        public MdnsResponder? Owner { get; set; }

        public void Send(byte[] packet, int length, MdnsEndpoint destination)
        {
            if (destination.Equals(MdnsEndpoint.MulticastV4))
            {
                _wire.Add((Owner!, packet.AsSpan(0, length).ToArray()));
            }
        }
    }
}
