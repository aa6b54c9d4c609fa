using System;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;

namespace Mash.Controller.Tests.Transport;

/// <summary>
/// A minimal device stand-in: a TLS 1.3 listener on loopback with a self-signed P-256
/// certificate and (optionally) ALPN mash/1. Each accepted connection is a <see cref="TestPeer"/>
/// the test drives frame by frame.
/// </summary>
internal sealed class TestTlsServer : IDisposable
{
    public static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);

    private readonly TcpListener _listener;
    private readonly bool _offerAlpn;
    private readonly bool _requestClientCertificate;

    private TestTlsServer(IPAddress address, X509Certificate2 certificate, bool offerAlpn, bool requestClientCertificate)
    {
        Certificate = certificate;
        _offerAlpn = offerAlpn;
        _requestClientCertificate = requestClientCertificate;
        _listener = new TcpListener(address, 0);
        _listener.Start();
    }

    public X509Certificate2 Certificate { get; }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public static TestTlsServer Start(
        IPAddress? address = null, X509Certificate2? certificate = null, bool offerAlpn = true, bool requestClientCertificate = false) =>
        new(address ?? IPAddress.Loopback, certificate ?? TestCertificates.Device, offerAlpn, requestClientCertificate);

    /// <summary>Accepts one connection and completes the server side of the handshake.</summary>
    public async Task<TestPeer> AcceptAsync()
    {
        Socket socket = await _listener.AcceptSocketAsync().WaitAsync(Guard);
        var stream = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
        var options = new SslServerAuthenticationOptions
        {
            ServerCertificate = Certificate,
            EnabledSslProtocols = SslProtocols.Tls13,
            ApplicationProtocols = _offerAlpn ? [new SslApplicationProtocol("mash/1")] : null,
            ClientCertificateRequired = _requestClientCertificate,
            // The test checks which certificate arrived, not whether it is trusted.
            RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null || !_requestClientCertificate,
        };
        await stream.AuthenticateAsServerAsync(options).WaitAsync(Guard);
        return new TestPeer(stream);
    }

    public void Dispose() => _listener.Stop();
}
