using System;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mash.Device.Runtime;
using Mash.Device.Storage;
using Mash.Device.Tests.Commissioning;
using Mash.Device.Tests.Transport;
using Mash.Device.Transport;
using Mash.Device.Zones;
using Mash.Protocol.Certificates;
using Mash.Protocol.Commissioning;
using Mash.Protocol.DotNet;
using Mash.Protocol.Zones;

namespace Mash.Device.Tests.Zones;

/// <summary>
/// A device whose wall clock is not set (an ESP32 before SNTP answers) checks certificates at its
/// last-known-good time (docs/commissioning.md, "When the device does not know the time"): a
/// certificate that expired before it is refused, NotBefore is not judged, every trusted
/// certificate raises it, and it is kept in flash across restarts and never moves back.
/// </summary>
public sealed class UnsynchronisedTimeTests : IDisposable
{
    private static readonly DateTime Floor = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Installed = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    private readonly InMemoryFlashStore _flash = new();
    private readonly CollectingLogSink _log = new();
    private readonly VirtualClock _clock = new(DateTime.UnixEpoch) { IsSynchronised = false };
    private readonly TestZoneCa _ca = new();
    private readonly ZoneStore _zones;
    private readonly ZoneRecord _zone;

    public UnsynchronisedTimeTests()
    {
        _zones = NewStore();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        byte[] operational = _ca.Sign(DeviceCsr.Create(key, "0123456789abcdef", 1, 1), Installed);
        _zone = new ZoneRecord("00112233445566aa", ZoneType.HomeManager, 3, _ca.Certificate.RawData, operational, key.ExportPkcs8PrivateKey(), _clock.UtcNow);
        _zones.Add(_zone);
    }

    public void Dispose() => _ca.Dispose();

    [Fact]
    public void Before_any_certificate_the_last_known_good_time_is_the_firmware_floor()
    {
        var clock = new CertificateClock(_clock, new InMemoryFlashStore(), _log, Floor);

        CertificateTime now = clock.Now();

        Assert.False(now.IsSynchronised);
        Assert.Equal(Floor, now.Utc);
    }

    [Fact]
    public void Installing_an_operational_certificate_raises_the_last_known_good_time_to_its_not_before()
    {
        Assert.Equal(Installed.AddMinutes(-5), _zones.Time.LastKnownGood);
    }

    [Fact]
    public void An_unsynchronised_device_accepts_a_valid_controller_certificate_issued_before_the_last_known_good_time()
    {
        byte[] controller = ControllerCertificate(Installed.AddDays(-30), days: 365);

        Assert.Same(_zone, _zones.FindByClientCertificate(controller));
    }

    [Fact]
    public void An_unsynchronised_device_refuses_a_controller_certificate_that_expired_before_the_last_known_good_time()
    {
        byte[] controller = ControllerCertificate(new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc), days: 30);

        Assert.Null(_zones.FindByClientCertificate(controller));
        Assert.Contains(_log.Lines, l => l.Message.Contains("before this device's last known good time", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unsynchronised_device_cannot_judge_not_before_so_a_newer_certificate_is_accepted_and_raises_the_time()
    {
        DateTime issued = Installed.AddDays(90);
        byte[] controller = ControllerCertificate(issued, days: 365);

        Assert.Same(_zone, _zones.FindByClientCertificate(controller));
        Assert.Equal(issued.AddMinutes(-5), _zones.Time.LastKnownGood);
    }

    [Fact]
    public void A_synchronised_device_still_refuses_a_certificate_that_is_not_yet_valid()
    {
        _clock.SetUtcNow(Installed, synchronised: true);
        byte[] controller = ControllerCertificate(Installed.AddDays(2), days: 365);

        Assert.Null(_zones.FindByClientCertificate(controller));
        Assert.Contains(_log.Lines, l => l.Message.Contains("is not valid now", StringComparison.Ordinal));
    }

    [Fact]
    public void The_last_known_good_time_is_kept_in_flash_and_survives_a_restart()
    {
        DateTime issued = Installed.AddDays(90);
        Assert.NotNull(_zones.FindByClientCertificate(ControllerCertificate(issued, days: 365)));

        ZoneStore restarted = NewStore();
        restarted.Load();

        Assert.Equal(issued.AddMinutes(-5), restarted.Time.LastKnownGood);
        Assert.Null(restarted.FindByClientCertificate(ControllerCertificate(issued.AddDays(-60), days: 30)));
    }

    [Fact]
    public void The_last_known_good_time_never_moves_back()
    {
        DateTime before = _zones.Time.LastKnownGood;

        _clock.SetUtcNow(before.AddDays(-100), synchronised: true);
        CertificateTime now = _zones.Time.Now();
        _zones.Time.RaiseFromCertificate(before.AddDays(-1), "an older certificate");

        Assert.True(now.IsSynchronised);
        Assert.Equal(before.AddDays(-100), now.Utc);
        Assert.Equal(before, _zones.Time.LastKnownGood);
        Assert.Equal(before, NewStore().Time.LastKnownGood);
    }

    [Fact]
    public void Synchronised_time_raises_the_last_known_good_time_and_reaches_flash_once_a_day_ahead()
    {
        DateTime stored = _zones.Time.LastKnownGood;

        _clock.SetUtcNow(stored.AddHours(2), synchronised: true);
        _zones.Time.Now();
        Assert.Equal(stored.AddHours(2), _zones.Time.LastKnownGood);
        Assert.Equal(stored, NewStore().Time.LastKnownGood);

        _clock.Advance(TimeSpan.FromDays(1));
        _zones.Time.Now();
        Assert.Equal(stored.AddHours(2).AddDays(1), NewStore().Time.LastKnownGood);
    }

    [Fact]
    public void Renewal_on_an_unsynchronised_device_installs_a_newer_certificate_and_raises_the_time()
    {
        using Renewal renewal = new(_zones, _zone.ZoneId);
        DateTime issued = Installed.AddDays(300);

        RenewalMessage csr = renewal.Send(RenewalMessage.NewRequest(new byte[32]));
        RenewalMessage ack = renewal.Send(RenewalMessage.NewInstall(_ca.Sign(csr.Data, issued), 1));

        Assert.Equal(RenewalStatus.Success, ack.Status);
        Assert.Equal(issued.AddMinutes(-5), _zones.Time.LastKnownGood);
        Assert.Equal(issued.AddMinutes(-5), NewStore().Time.LastKnownGood);
    }

    [Fact]
    public void Renewal_on_an_unsynchronised_device_refuses_a_certificate_that_expired_before_the_last_known_good_time()
    {
        using Renewal renewal = new(_zones, _zone.ZoneId);

        RenewalMessage csr = renewal.Send(RenewalMessage.NewRequest(new byte[32]));
        byte[] expired = _ca.Sign(csr.Data, Installed.AddDays(-60), days: 30);

        Assert.Equal(RenewalStatus.InvalidCertificate, renewal.Send(RenewalMessage.NewInstall(expired, 1)).Status);
        Assert.Equal(_zone.OperationalCertificateDer, Assert.Single(_zones.Zones).OperationalCertificateDer);
    }

    [Fact]
    public void A_damaged_last_known_good_record_falls_back_to_the_floor()
    {
        _flash.Write(CertificateClock.FlashKey, [1, 2, 3]);

        var clock = new CertificateClock(_clock, _flash, _log, Floor);

        Assert.Equal(Floor, clock.LastKnownGood);
        Assert.Contains(_log.Lines, l => l.Message.Contains("last known good time is damaged", StringComparison.Ordinal));
    }

    private ZoneStore NewStore() =>
        new(_flash, _log, DotNetX509.Instance, new CertificateClock(_clock, _flash, _log, Floor));

    private byte[] ControllerCertificate(DateTime issuedAt, int days)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=controller", key, HashAlgorithmName.SHA256);
        return _ca.Sign(request.CreateSigningRequest(), issuedAt, days);
    }

    /// <summary>A renewal session on an operational connection of the zone.</summary>
    private sealed class Renewal : IDisposable
    {
        private readonly ZoneRenewal _renewal;
        private readonly FakeChannel _channel = new();
        private readonly DeviceConnection _connection;

        public Renewal(ZoneStore zones, string zoneId)
        {
            _renewal = new ZoneRenewal(zones, zoneId, "0123456789abcdef", 1, 1, Mash.Device.Diagnostics.NullLogSink.Instance);
            var manager = new ConnectionManager(new Scheduler(new VirtualClock(), Mash.Device.Diagnostics.NullLogSink.Instance), NotServedHandler.Instance, Mash.Device.Diagnostics.NullLogSink.Instance);
            _connection = manager.Open(_channel, PeerCredentials.Anonymous)!;
        }

        public RenewalMessage Send(RenewalMessage message)
        {
            _renewal.Handle(_connection, message.Encode());
            return RenewalMessage.Decode(_channel.Sent[^1]);
        }

        public void Dispose() => _renewal.Dispose();
    }
}
