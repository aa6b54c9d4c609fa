using System;
using System.Security.Cryptography;
using Mash.Device.Diagnostics;
using Mash.Device.Runtime;
using Mash.Device.Storage;
using Mash.Device.Tests.Commissioning;
using Mash.Device.Tests.Transport;
using Mash.Device.Transport;
using Mash.Device.Zones;
using Mash.Protocol.Certificates;
using Mash.Protocol.Commissioning;
using Mash.Protocol.Zones;

namespace Mash.Device.Tests.Zones;

public sealed class ZoneRenewalTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private readonly InMemoryFlashStore _flash = new();
    private readonly ZoneStore _zones;
    private readonly TestZoneCa _ca = new();
    private readonly ZoneRenewal _renewal;
    private readonly FakeChannel _channel = new();
    private readonly DeviceConnection _connection;
    private readonly ZoneRecord _zone;

    public ZoneRenewalTests()
    {
        _zones = TestZoneStores.Create(_flash, NullLogSink.Instance, Now);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        byte[] cert = _ca.Sign(DeviceCsr.Create(key, "0123456789abcdef", 1, 1), Now);
        _zone = new ZoneRecord("00112233445566aa", ZoneType.HomeManager, 3, _ca.Certificate.RawData, cert, key.ExportPkcs8PrivateKey(), Now.UtcDateTime);
        _zones.Add(_zone);
        _renewal = new ZoneRenewal(_zones, _zone.ZoneId, "0123456789abcdef", 1, 1, NullLogSink.Instance);
        var manager = new ConnectionManager(new Scheduler(new VirtualClock(), NullLogSink.Instance), NotServedHandler.Instance, NullLogSink.Instance);
        _connection = manager.Open(_channel, PeerCredentials.Anonymous)!;
    }

    public void Dispose()
    {
        _renewal.Dispose();
        _ca.Dispose();
    }

    private RenewalMessage Send(RenewalMessage message)
    {
        _renewal.Handle(_connection, message.Encode());
        return RenewalMessage.Decode(_channel.Sent[^1]);
    }

    [Fact]
    public void A_signed_csr_replaces_certificate_and_key_in_flash()
    {
        RenewalMessage csr = Send(RenewalMessage.NewRequest(new byte[32]));
        RenewalMessage ack = Send(RenewalMessage.NewInstall(_ca.Sign(csr.Data, Now), 7));
        Assert.Equal(RenewalStatus.Success, ack.Status);
        Assert.Equal(7u, ack.Sequence);
        var reloaded = TestZoneStores.Create(_flash, NullLogSink.Instance, Now);
        reloaded.Load();
        Assert.NotEqual(_zone.OperationalCertificateDer, Assert.Single(reloaded.Zones).OperationalCertificateDer);
    }

    [Fact]
    public void An_install_without_a_pending_csr_is_refused_with_status_2()
    {
        Assert.Equal(RenewalStatus.NothingPending, Send(RenewalMessage.NewInstall(new byte[10], 1)).Status);
        Assert.Equal(_zone, Assert.Single(_zones.Zones));
    }

    [Fact]
    public void A_certificate_from_another_ca_keeps_the_old_certificate()
    {
        RenewalMessage csr = Send(RenewalMessage.NewRequest(new byte[32]));
        using var other = new TestZoneCa("other");
        Assert.Equal(RenewalStatus.InvalidCertificate, Send(RenewalMessage.NewInstall(other.Sign(csr.Data, Now), 2)).Status);
        Assert.Equal(_zone.OperationalCertificateDer, Assert.Single(_zones.Zones).OperationalCertificateDer);
    }
}
