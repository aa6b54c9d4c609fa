using System;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using Mash.Device.Host.Transport;
using Mash.Device.Transport;

namespace Mash.Device.Host.Tests.Transport;

/// <summary>
/// The device requests a client certificate but does not require one: none is a commissioning
/// attempt, one that chains to a stored Zone CA is operational, anything else fails the handshake.
/// </summary>
public sealed class ClientCertificateTests : IDisposable
{
    private readonly X509Certificate2 _zoneCa = TestCertificates.ZoneCa();
    private readonly ZoneCaTrust _trust = new(() => DateTimeOffset.UtcNow);
    private readonly TransportHarness _device;

    public ClientCertificateTests()
    {
        _trust.Replace([_zoneCa]);
        _device = new TransportHarness(_trust);
    }

    public void Dispose()
    {
        _device.Dispose();
        _zoneCa.Dispose();
    }

    [Fact]
    public async Task A_controller_certificate_from_a_stored_zone_ca_is_accepted_and_seen_by_the_core()
    {
        using X509Certificate2 controller = TestCertificates.Controller(_zoneCa);
        using TestClient client = await _device.ConnectAsync(clientCertificate: controller);
        await client.SendFrameAsync([0xa2, 0x01, 0x01, 0x02, 0x05]);
        Assert.NotNull(await client.ReadFrameAsync());
        Assert.Contains(_device.Log.Lines, l => l.Message.Contains("client certificate CN=controller-test", StringComparison.Ordinal));
    }

    [Fact]
    public async Task No_client_certificate_is_accepted_as_a_commissioning_attempt()
    {
        using TestClient client = await _device.ConnectAsync();
        await client.SendFrameAsync([0xa2, 0x01, 0x01, 0x02, 0x05]);
        Assert.NotNull(await client.ReadFrameAsync());
        Assert.Contains(_device.Log.Lines, l => l.Message.Contains("no client certificate", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_certificate_from_another_zone_ca_fails_the_handshake()
    {
        using X509Certificate2 foreignCa = TestCertificates.ZoneCa("MASH Zone CA - foreign");
        using X509Certificate2 controller = TestCertificates.Controller(foreignCa);
        await AssertRefused(controller, "does not chain");
    }

    [Fact]
    public async Task An_expired_certificate_fails_the_handshake()
    {
        using X509Certificate2 controller = TestCertificates.Controller(_zoneCa, DateTimeOffset.UtcNow.AddHours(-20), DateTimeOffset.UtcNow.AddHours(-1));
        await AssertRefused(controller, "not valid now");
    }

    [Fact]
    public async Task A_certificate_without_client_authentication_usage_fails_the_handshake()
    {
        using X509Certificate2 controller = TestCertificates.Controller(_zoneCa, clientAuth: false);
        await AssertRefused(controller, "client authentication");
    }

    [Fact]
    public async Task A_removed_zone_ca_is_refused_at_the_next_handshake()
    {
        using X509Certificate2 controller = TestCertificates.Controller(_zoneCa);
        using (TestClient first = await _device.ConnectAsync(clientCertificate: controller))
        {
            await first.SendFrameAsync([0xa2, 0x01, 0x01, 0x02, 0x05]);
            Assert.NotNull(await first.ReadFrameAsync());
        }

        _trust.Replace([]);
        await AssertRefused(controller, "no zone");
    }

    [Fact]
    public async Task A_foreign_certificate_naming_where_its_issuer_lives_is_refused_without_the_device_fetching_anything()
    {
        // A hostile client's certificate points its "CA issuers" link at a web server of its own:
        // the device must not fetch it (a request to anywhere the attacker names, and a stall).
        var web = new TcpListener(IPAddress.Loopback, 0);
        web.Start();
        try
        {
            int port = ((IPEndPoint)web.LocalEndpoint).Port;
            using X509Certificate2 foreignCa = TestCertificates.ZoneCa("MASH Zone CA - hostile");
            using X509Certificate2 controller = TestCertificates.Controller(foreignCa, caIssuersUrl: $"http://127.0.0.1:{port}/ca.cer");
            await AssertRefused(controller, "does not chain");
            Assert.False(web.Pending(), "the device connected to the URL in the client's certificate");
        }
        finally
        {
            web.Stop();
        }
    }

    private async Task AssertRefused(X509Certificate2 controller, string reason)
    {
        try
        {
            using TestClient client = await _device.ConnectAsync(clientCertificate: controller);
            // TLS 1.3 clients learn of a rejected certificate on their first read.
            await client.SendFrameAsync([0xa2, 0x01, 0x01, 0x02, 0x05]);
            Assert.Null(await client.ReadFrameAsync());
        }
        catch (Exception ex) when (ex is System.Security.Authentication.AuthenticationException or System.IO.IOException)
        {
            // refused during the handshake itself
        }

        await TlsListenerTests.WaitUntil(() => _device.Listener.HandshakeFailures >= 1);
        Assert.Contains(_device.Log.Lines, l => l.Message.Contains(reason, StringComparison.Ordinal));
        Assert.Equal(0, _device.ConnectionCount);
    }
}
