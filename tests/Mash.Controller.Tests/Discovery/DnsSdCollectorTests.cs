using System;
using System.Linq;
using System.Net;
using Mash.Controller.Discovery;
using Mash.Protocol.Dns;

namespace Mash.Controller.Tests.Discovery;

public sealed class DnsSdCollectorTests
{
    private static readonly DnsName Commissionable = DnsName.Parse("MASH-1234._mashc._udp.local");
    private static readonly DnsName Operational = DnsName.Parse("9f4d4049ca6ca23c-0123456789abcdef._mash._tcp.local");
    private static readonly DnsName Host = DnsName.Parse("mash-0123456789abcdef.local");

    [Fact]
    public void The_browse_query_asks_for_both_MASH_service_types_without_the_QU_bit()
    {
        DnsMessage query = DnsMessageReader.Decode(DnsSdCollector.BrowseQuery().Encode());

        Assert.False(query.IsResponse);
        Assert.Equal(0, query.Id);
        Assert.Equal(["_mashc._udp.local", "_mash._tcp.local"], query.Questions.Select(q => q.Name.ToString()));
        Assert.All(query.Questions, q => Assert.Equal(DnsRecordType.Ptr, q.Type));
        Assert.All(query.Questions, q => Assert.False(q.UnicastResponse));
    }

    [Fact]
    public void A_response_with_PTR_SRV_TXT_and_addresses_describes_a_commissionable_device()
    {
        var collector = new DnsSdCollector();

        collector.Add(Packet(
            [new PtrRecord(DnsSdCollector.CommissionableType, 4500, Commissionable)],
            [
                new SrvRecord(Commissionable, 120, 0, 0, 8443, Host, cacheFlush: true),
                new TxtRecord(Commissionable, 4500, ["D=1234", "cat=4", "serial=0123456789abcdef", "brand=MASH Smart-Load", "model=SL-SIM-3"], cacheFlush: true),
                new AddressRecord(Host, 120, IPAddress.Parse("fe80::1").GetAddressBytes(), cacheFlush: true),
                new AddressRecord(Host, 120, IPAddress.Parse("192.0.2.2").GetAddressBytes(), cacheFlush: true),
            ]), scopeId: 4);

        DiscoveredService service = Assert.Single(collector.Services);
        Assert.Equal(ServiceKind.Commissionable, service.Kind);
        Assert.Equal("MASH-1234", service.Instance);
        Assert.Equal("mash-0123456789abcdef.local", service.Host);
        Assert.Equal(8443, service.Port);
        Assert.Equal(1234, service.Discriminator);
        Assert.Equal("MASH Smart-Load", service.Brand);
        Assert.Equal("SL-SIM-3", service.Model);
        Assert.Equal(["192.0.2.2", "fe80::1%4"], service.Addresses.Select(a => a.ToString()));
        Assert.Equal(IPAddress.Parse("192.0.2.2"), service.PreferredAddress);
        Assert.True(service.IsResolved);
        Assert.Empty(collector.MissingQuestions());
    }

    [Fact]
    public void Pieces_arriving_in_separate_packets_are_joined_and_what_is_missing_is_asked_for()
    {
        var collector = new DnsSdCollector();

        collector.Add(Packet([new PtrRecord(DnsSdCollector.OperationalType, 4500, Operational)], []));
        Assert.False(collector.Services.Single().IsResolved);
        Assert.Equal(
            [(Operational, DnsRecordType.Srv), (Operational, DnsRecordType.Txt)],
            collector.MissingQuestions().Select(q => (q.Name, q.Type)));

        collector.Add(Packet([new SrvRecord(Operational, 120, 0, 0, 8443, Host), new TxtRecord(Operational, 4500, ["ZI=9f4d4049ca6ca23c", "DI=0123456789abcdef"])], []));
        Assert.Equal([(Host, DnsRecordType.A), (Host, DnsRecordType.Aaaa)], collector.MissingQuestions().Select(q => (q.Name, q.Type)));

        collector.Add(Packet([new AddressRecord(Host, 120, IPAddress.Parse("fd00::2").GetAddressBytes())], []));
        DiscoveredService service = collector.Services.Single();
        Assert.Equal(ServiceKind.Operational, service.Kind);
        Assert.Equal("9f4d4049ca6ca23c", service.ZoneId);
        Assert.Equal("0123456789abcdef", service.DeviceId);
        Assert.Null(service.Discriminator);
        Assert.True(service.IsResolved);
    }

    [Fact]
    public void A_goodbye_withdraws_the_instance()
    {
        var collector = new DnsSdCollector();
        collector.Add(Packet([new PtrRecord(DnsSdCollector.CommissionableType, 4500, Commissionable)], []));

        collector.Add(Packet([new PtrRecord(DnsSdCollector.CommissionableType, 0, Commissionable)], []));

        Assert.Empty(collector.Services);
    }

    [Fact]
    public void Queries_and_other_services_are_ignored()
    {
        var collector = new DnsSdCollector();
        DnsName printer = DnsName.Parse("Office._ipp._tcp.local");

        collector.Add(Packet([new PtrRecord(DnsName.Parse("_ipp._tcp.local"), 4500, printer), new SrvRecord(printer, 120, 0, 0, 631, Host)], []));
        collector.Add(DnsMessageReader.Decode(new DnsMessage(0, 0, null, [new PtrRecord(DnsSdCollector.CommissionableType, 4500, Commissionable)]).Encode()));

        Assert.Empty(collector.Services);
    }

    [Fact]
    public void Only_the_first_occurrence_of_a_TXT_key_counts()
    {
        var collector = new DnsSdCollector();

        collector.Add(Packet([new PtrRecord(DnsSdCollector.CommissionableType, 4500, Commissionable), new TxtRecord(Commissionable, 4500, ["D=1234", "d=99", "flag"])], []));

        DiscoveredService service = collector.Services.Single();
        Assert.Equal(1234, service.Discriminator);
        Assert.Equal(string.Empty, service.Txt["flag"]);
    }

    /// <summary>A response through the real codec, as it would arrive.</summary>
    private static DnsMessage Packet(DnsRecord[] answers, DnsRecord[] additionals) =>
        DnsMessageReader.Decode(new DnsMessage(0, DnsMessage.MdnsResponseFlags, null, answers, null, additionals).Encode());
}
