using System;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using Mash.Controller.Transport;

namespace Mash.Controller.Tests.Transport;

public sealed class MashConnectionHandshakeTests
{
    [Fact]
    public async Task Connecting_completes_a_TLS_1_3_handshake_with_ALPN_mash_1_and_exposes_the_device_certificate()
    {
        using var server = TestTlsServer.Start();
        Task<TestPeer> accept = server.AcceptAsync();
        X509Certificate2? seenByValidator = null;
        var options = new MashConnectionOptions("127.0.0.1", server.Port)
        {
            ServerCertificateValidator = (certificate, _, _) =>
            {
                seenByValidator = certificate;
                return true;
            },
        };

        await using MashConnection client = await MashConnection.ConnectAsync(options).WaitAsync(TestTlsServer.Guard);
        await using TestPeer peer = await accept;

        Assert.Equal("mash/1", peer.Stream.NegotiatedApplicationProtocol.ToString());
        Assert.Equal(System.Security.Authentication.SslProtocols.Tls13, peer.Stream.SslProtocol);
        Assert.Contains(client.NegotiatedCipherSuite, new[]
        {
            TlsCipherSuite.TLS_AES_128_GCM_SHA256, TlsCipherSuite.TLS_AES_256_GCM_SHA384, TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256,
        });
        Assert.Equal(server.Certificate.Thumbprint, client.PeerCertificate.Thumbprint);
        Assert.Equal(server.Certificate.Thumbprint, seenByValidator?.Thumbprint);
        Assert.Equal(server.Port, client.RemoteEndPoint.Port);
        Assert.Equal(IPAddress.Loopback, client.RemoteEndPoint.Address);
        Assert.True(client.IsOpen);
    }

    [Theory]
    [InlineData("::1")]
    [InlineData("[::1]")]
    public async Task An_IPv6_literal_is_dialled_with_or_without_brackets(string host)
    {
        using var server = TestTlsServer.Start(IPAddress.IPv6Loopback);
        Task<TestPeer> accept = server.AcceptAsync();

        await using MashConnection client = await MashConnection.ConnectAsync(
            MashConnectionOptions.ForCommissioning(host, server.Port)).WaitAsync(TestTlsServer.Guard);
        await using TestPeer peer = await accept;

        Assert.Equal(IPAddress.IPv6Loopback, client.RemoteEndPoint.Address);
    }

    [Fact]
    public async Task A_host_name_is_resolved_and_each_address_tried_until_one_answers()
    {
        // localhost resolves to ::1 and 127.0.0.1; the server listens on IPv4 only.
        using var server = TestTlsServer.Start(IPAddress.Loopback);
        Task<TestPeer> accept = server.AcceptAsync();

        await using MashConnection client = await MashConnection.ConnectAsync(
            MashConnectionOptions.ForCommissioning("localhost", server.Port)).WaitAsync(TestTlsServer.Guard);
        await using TestPeer peer = await accept;

        Assert.Equal(IPAddress.Loopback, client.RemoteEndPoint.Address);
    }

    [Fact]
    public async Task A_server_that_does_not_negotiate_ALPN_is_refused_with_a_clear_error()
    {
        using var server = TestTlsServer.Start(offerAlpn: false);
        Task<TestPeer> accept = server.AcceptAsync();

        var error = await Assert.ThrowsAsync<MashConnectionException>(
            () => MashConnection.ConnectAsync(MashConnectionOptions.ForCommissioning("127.0.0.1", server.Port)).WaitAsync(TestTlsServer.Guard));
        await using TestPeer peer = await accept;

        Assert.Contains("ALPN", error.Message, StringComparison.Ordinal);
        Assert.Contains("mash/1", error.Message, StringComparison.Ordinal);
        Assert.True(await peer.SeesEndOfStreamAsync());
    }

    [Fact]
    public async Task A_device_certificate_the_validator_rejects_fails_the_handshake()
    {
        using var server = TestTlsServer.Start();
        Task<TestPeer> accept = server.AcceptAsync();
        var options = new MashConnectionOptions("127.0.0.1", server.Port)
        {
            ServerCertificateValidator = (_, _, _) => false,
        };

        var error = await Assert.ThrowsAsync<MashConnectionException>(
            () => MashConnection.ConnectAsync(options).WaitAsync(TestTlsServer.Guard));
        _ = await Record.ExceptionAsync(() => accept);

        Assert.Contains("rejected", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_operational_connection_presents_the_client_certificate_and_accepts_a_device_certificate_from_the_zone_CA()
    {
        using X509Certificate2 zoneCa = TestCertificates.CertificateAuthority("Zone CA");
        using X509Certificate2 deviceCert = TestCertificates.IssuedBy(zoneCa, "device");
        using X509Certificate2 controllerCert = TestCertificates.IssuedBy(zoneCa, "controller");
        using var server = TestTlsServer.Start(certificate: deviceCert, requestClientCertificate: true);
        Task<TestPeer> accept = server.AcceptAsync();

        await using MashConnection client = await MashConnection.ConnectAsync(MashConnectionOptions.ForOperational(
            "127.0.0.1", server.Port, controllerCert, ServerCertificateValidators.ChainsTo(zoneCa))).WaitAsync(TestTlsServer.Guard);
        await using TestPeer peer = await accept;

        Assert.Equal(controllerCert.Thumbprint, peer.Stream.RemoteCertificate?.GetCertHashString());
        Assert.Equal(MashConnectionMode.Requests, client.Mode);
    }

    [Fact]
    public async Task A_device_certificate_from_another_CA_is_rejected_by_the_zone_CA_check()
    {
        using X509Certificate2 zoneCa = TestCertificates.CertificateAuthority("Zone CA");
        using X509Certificate2 otherCa = TestCertificates.CertificateAuthority("Other CA");
        using X509Certificate2 deviceCert = TestCertificates.IssuedBy(otherCa, "device");
        using var server = TestTlsServer.Start(certificate: deviceCert);
        Task<TestPeer> accept = server.AcceptAsync();
        var options = new MashConnectionOptions("127.0.0.1", server.Port)
        {
            ServerCertificateValidator = ServerCertificateValidators.ChainsTo(zoneCa),
        };

        await Assert.ThrowsAsync<MashConnectionException>(() => MashConnection.ConnectAsync(options).WaitAsync(TestTlsServer.Guard));
        _ = await Record.ExceptionAsync(() => accept);
    }

    [Fact]
    public async Task Nobody_listening_is_reported_as_a_connection_failure()
    {
        int port;
        using (var probe = TestTlsServer.Start())
        {
            port = probe.Port;
        }

        var error = await Assert.ThrowsAsync<MashConnectionException>(
            () => MashConnection.ConnectAsync(MashConnectionOptions.ForCommissioning("127.0.0.1", port)).WaitAsync(TestTlsServer.Guard));

        Assert.Contains("127.0.0.1", error.Message, StringComparison.Ordinal);
    }
}
