using System;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using Mash.Controller.Tests.Transport;

namespace Mash.Controller.Tests.Operational;

/// <summary>
/// A device's operational listener reduced to the handshake: it requires a client certificate,
/// accepts it only if it chains to the zone CA, and records the SNI name it was asked for.
/// </summary>
internal sealed class OperationalTlsServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly X509Certificate2 _certificate;
    private readonly X509Certificate2 _trustedZoneCa;

    public OperationalTlsServer(X509Certificate2 certificate, X509Certificate2 trustedZoneCa)
    {
        _certificate = certificate;
        _trustedZoneCa = trustedZoneCa;
        _listener.Start();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string? RequestedServerName { get; private set; }

    public X509Certificate2? ClientCertificate { get; private set; }

    public async Task<TestPeer> AcceptAsync()
    {
        Socket socket = await _listener.AcceptSocketAsync().WaitAsync(TestTlsServer.Guard);
        var stream = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
        var options = new SslServerAuthenticationOptions
        {
            // Offline: the server sends its certificate as it is and never fetches an issuer it
            // links to (a hostile-device test points that link at a listener).
            ServerCertificateContext = SslStreamCertificateContext.Create(_certificate, null, offline: true),
            EnabledSslProtocols = SslProtocols.Tls13,
            ApplicationProtocols = [new SslApplicationProtocol("mash/1")],
            ClientCertificateRequired = true,
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                if (certificate is null)
                {
                    return false;
                }

                ClientCertificate = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(_trustedZoneCa);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(ClientCertificate);
            },
        };
        await stream.AuthenticateAsServerAsync(options).WaitAsync(TestTlsServer.Guard);
        RequestedServerName = stream.TargetHostName;
        return new TestPeer(stream);
    }

    public void Dispose()
    {
        _listener.Stop();
        ClientCertificate?.Dispose();
    }
}
