using System;
using System.Globalization;
using System.IO;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Mash.Device.Host.Storage;
using Mash.Device.Host.Tests.Transport;
using Mash.Device.Load;
using Mash.Device.Zones;
using Mash.Protocol.Certificates;
using Mash.Protocol.Onboarding;
using Mash.Protocol.Provisioning;
using Mash.Protocol.Zones;

namespace Mash.Device.Host.Tests.EndToEnd;

/// <summary>
/// The running mash-load and its data folder: what it keeps private, what it refuses to boot
/// from, what storage damage must not undo, and which controller certificates it accepts.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class MashLoadStorageTests : IDisposable
{
    private const UnixFileMode Folder0700 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode File0600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly TempDirectory _dir = new();
    private readonly string _port = FreePort.Next().ToString(CultureInfo.InvariantCulture);

    public void Dispose() => _dir.Dispose();

    private string Data => Path.Combine(_dir.Path, "mash-data");

    [Fact]
    public void Keys_and_records_are_readable_by_the_owner_only()
    {
        RunOnce();

        Assert.Equal(Folder0700, File.GetUnixFileMode(Data));
        foreach (string name in new[] { "identity.rec", "pase.verifier.rec", "boot.rec" })
        {
            Assert.True(File.GetUnixFileMode(Path.Combine(Data, name)) == File0600, $"{name} is {File.GetUnixFileMode(Path.Combine(Data, name))}");
        }
    }

    [Fact]
    public void A_data_folder_left_readable_by_others_is_tightened_at_start_with_a_warning()
    {
        RunOnce();
        File.SetUnixFileMode(Data, Folder0700 | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        File.SetUnixFileMode(Path.Combine(Data, "identity.rec"), File0600 | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        using (MashLoadProcess device = MashLoadProcess.Start(_dir.Path, "--port", _port))
        {
            device.WaitForStderr(l => l.Contains("WARN", StringComparison.Ordinal) && l.Contains("had mode 0755; tightened to 0700", StringComparison.Ordinal));
            device.WaitForStderr(l => l.Contains("identity.rec had mode 0644", StringComparison.Ordinal));
            device.WaitForStderr(l => l.Contains("running", StringComparison.Ordinal));
            device.Signal();
            Assert.Equal(0, device.WaitForExit());
        }

        Assert.Equal(Folder0700, File.GetUnixFileMode(Data));
        Assert.Equal(File0600, File.GetUnixFileMode(Path.Combine(Data, "identity.rec")));
    }

    [Fact]
    public void A_lost_identity_with_zones_still_stored_stops_the_boot_until_a_factory_reset()
    {
        string deviceId = RunOnce();
        using (ZoneCertificateAuthority zone = ZoneCertificateAuthority.Create(ZoneType.HomeManager, "home", DateTimeOffset.UtcNow))
        {
            StoreZone(zone);
        }

        File.Delete(Path.Combine(Data, "identity.rec"));

        (int code, MashLoadProcess p) = MashLoadProcess.RunToExit(_dir.Path, "--port", _port);
        using (p)
        {
            Assert.Equal(ExitCodes.BadData, code);
            Assert.Contains(p.Stderr, l => l.Contains("identity is missing", StringComparison.Ordinal) && l.Contains("--factory-reset", StringComparison.Ordinal));
            Assert.DoesNotContain(p.Stdout, l => l.StartsWith("device-id: ", StringComparison.Ordinal));
        }

        Assert.False(File.Exists(Path.Combine(Data, "identity.rec")), "no new identity may be made behind the zones' back");

        using MashLoadProcess reset = MashLoadProcess.Start(_dir.Path, "--port", _port, "--factory-reset");
        Assert.NotEqual(deviceId, reset.WaitForStdout(l => l.StartsWith("device-id: ", StringComparison.Ordinal)));
        Assert.Equal("zones: 0 of 5", reset.WaitForStdout(l => l.StartsWith("zones: ", StringComparison.Ordinal)));
        reset.Signal();
        Assert.Equal(0, reset.WaitForExit());
    }

    [Fact]
    public void A_provisioning_file_does_not_give_a_new_identity_to_a_folder_whose_identity_was_lost()
    {
        RunOnce();
        using (ZoneCertificateAuthority zone = ZoneCertificateAuthority.Create(ZoneType.HomeManager, "home", DateTimeOffset.UtcNow))
        {
            StoreZone(zone);
        }

        File.Delete(Path.Combine(Data, "identity.rec"));
        string file = Path.Combine(_dir.Path, "device.mashprov");
        File.WriteAllText(file, ProvisioningFile.FromSetupCode(new Discriminator(2718), new SetupCode(48151623), 65521, 1).ToJson());

        (int code, MashLoadProcess p) = MashLoadProcess.RunToExit(_dir.Path, "--port", _port, "--provision", file);
        using (p)
        {
            Assert.Equal(ExitCodes.BadData, code);
            Assert.Contains(p.Stderr, l => l.Contains("identity is missing", StringComparison.Ordinal) && l.Contains("--factory-reset", StringComparison.Ordinal));
        }

        Assert.False(File.Exists(Path.Combine(Data, "identity.rec")));
    }

    [Fact]
    public void Damaged_zone_records_keep_the_failsafe_timer_running_and_the_window_closed_until_a_local_action()
    {
        RunOnce();
        DateTimeOffset started = DateTimeOffset.UtcNow.AddMinutes(-10);
        using (var flash = new FileFlashStore(Data))
        {
            // A device whose controller went away ten minutes ago: the failsafe timer runs.
            new FailsafeRecord(2_000_000, 3600, FailsafePhase.TimerRunning, started.ToUnixTimeMilliseconds(), TimeSpan.FromHours(1)).Write(flash);
        }

        // ...and then its only zone record was damaged.
        File.WriteAllBytes(Path.Combine(Data, "zone.0011223344556677.rec"), [0x4d, 0x52, 0x45, 0x43, 0x01, 0xff]);

        using MashLoadProcess device = MashLoadProcess.Start(_dir.Path, "--port", _port);
        device.WaitForStderr(l => l.Contains("failsafe timer resumed", StringComparison.Ordinal));
        Assert.StartsWith("commissioning-window: closed", device.WaitForStdout(l => l.StartsWith("commissioning-window: ", StringComparison.Ordinal)), StringComparison.Ordinal);
        device.WaitForStderr(l => l.Contains("running", StringComparison.Ordinal));
        Assert.DoesNotContain(device.Stderr, l => l.Contains("failsafe state is dropped", StringComparison.Ordinal));
        Assert.DoesNotContain(device.Stderr, l => l.Contains("not commissioned yet", StringComparison.Ordinal));

        // A local action still opens it: SIGUSR1 is the host-sim board's button press.
        device.Signal(10);
        device.WaitForStderr(l => l.Contains("commissioning window open", StringComparison.Ordinal));
        device.Signal();
        Assert.Equal(0, device.WaitForExit());
    }

    [Fact]
    public async Task A_ca_certificate_signed_by_the_zone_ca_is_refused_as_a_controller_by_the_running_device()
    {
        RunOnce();
        DateTimeOffset now = DateTimeOffset.UtcNow;
        using ZoneCertificateAuthority zone = ZoneCertificateAuthority.Create(ZoneType.HomeManager, "home", now);
        StoreZone(zone);
        using ECDsa caKey = ECDsa.Create();
        caKey.ImportFromPem(zone.ExportPrivateKeyPem());
        using X509Certificate2 issuer = zone.Certificate.CopyWithPrivateKey(caKey);
        using X509Certificate2 subCa = TestCertificates.Controller(issuer, certificateAuthority: true);
        using X509Certificate2 controller = zone.IssueControllerCertificate(zone.Fingerprint, now);

        using MashLoadProcess device = MashLoadProcess.Start(_dir.Path, "--port", _port);
        device.WaitForStderr(l => l.Contains("running", StringComparison.Ordinal));

        // The zone's real controller certificate gets in, so the setup is right...
        await HandshakeAsync(controller);
        device.WaitForStderr(l => l.Contains("(client certificate ", StringComparison.Ordinal) && l.Contains("CN=controller-" + zone.Fingerprint, StringComparison.Ordinal));

        // ...and a CA certificate the same Zone CA signed does not.
        await HandshakeAsync(subCa);
        device.WaitForStderr(l => l.Contains("client certificate refused", StringComparison.Ordinal) && l.Contains("CA:TRUE", StringComparison.Ordinal));
        Assert.DoesNotContain(device.Stderr, l => l.Contains("(client certificate CN=controller-test", StringComparison.Ordinal));

        device.Signal();
        Assert.Equal(0, device.WaitForExit());
    }

    /// <summary>Runs the device once so the folder holds an identity; returns its "device-id: " line.</summary>
    private string RunOnce()
    {
        using MashLoadProcess device = MashLoadProcess.Start(_dir.Path, "--port", _port);
        string id = device.WaitForStdout(l => l.StartsWith("device-id: ", StringComparison.Ordinal));
        device.WaitForStderr(l => l.Contains("running", StringComparison.Ordinal));
        device.Signal();
        Assert.Equal(0, device.WaitForExit());
        return id;
    }

    /// <summary>Stores a zone of <paramref name="zone"/> as commissioning would have.</summary>
    private void StoreZone(ZoneCertificateAuthority zone)
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        using X509Certificate2 operational = zone.IssueControllerCertificate(zone.Fingerprint, now);
        using ECDsa key = operational.GetECDsaPrivateKey()!;
        var record = new ZoneRecord(zone.Fingerprint, zone.ZoneType, 3, zone.Certificate.RawData, operational.RawData, key.ExportPkcs8PrivateKey(), now.UtcDateTime);
        using var flash = new FileFlashStore(Data);
        flash.Write(record.FlashKey, record.Encode());
    }

    /// <summary>A TLS 1.3 handshake with <paramref name="certificate"/>, then one frame; the outcome is read from the device's log.</summary>
    private async Task HandshakeAsync(X509Certificate2 certificate)
    {
        using var tcp = new TcpClient(AddressFamily.InterNetworkV6);
        await tcp.ConnectAsync("::1", int.Parse(_port, CultureInfo.InvariantCulture));
        using var ssl = new SslStream(tcp.GetStream(), false);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await ssl.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = "device",
                    EnabledSslProtocols = SslProtocols.Tls13,
                    RemoteCertificateValidationCallback = (_, _, _, _) => true,
                    ApplicationProtocols = [new SslApplicationProtocol("mash/1")],
                    ClientCertificates = [certificate],
                },
                timeout.Token);

            // TLS 1.3: a refused client certificate shows on the client's first read.
            await ssl.WriteAsync(new byte[] { 0, 0, 0, 5, 0xa2, 0x01, 0x01, 0x02, 0x05 }, timeout.Token);
            _ = await ssl.ReadAsync(new byte[64], timeout.Token);
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException or OperationCanceledException)
        {
            // refused: the device's log says why
        }
    }
}
