using System;
using System.Collections.Generic;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Mash.Device.Transport;
using Mash.Protocol.DotNet;

namespace Mash.Device.Host.Transport;

/// <summary>
/// The device's TLS profile: TLS 1.3 only, ALPN <c>mash/1</c>, the three TLS 1.3 suites (AES-128-GCM
/// mandatory, AES-256-GCM and ChaCha20 as the PICS declares), no session resumption, and a client
/// certificate requested but not required: none means a commissioning attempt, one that chains to
/// a stored Zone CA means an operational connection for that zone. Key exchange groups (X25519,
/// P-256) cannot be set here; <see cref="OpenSslProfile"/> sets them for the whole process.
/// </summary>
public static class TlsServerSettings
{
    public static readonly SslApplicationProtocol Alpn = new(TransportLimits.Alpn);

    public static readonly IReadOnlyList<TlsCipherSuite> CipherSuites =
    [
        TlsCipherSuite.TLS_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256,
    ];

    public static SslServerAuthenticationOptions Create(Func<string?, X509Certificate2> selectCertificate, IClientCertificateTrust trust, Action<string> rejected)
    {
        ArgumentNullException.ThrowIfNull(selectCertificate);
        ArgumentNullException.ThrowIfNull(trust);
        ArgumentNullException.ThrowIfNull(rejected);
        return new SslServerAuthenticationOptions
        {
            EnabledSslProtocols = SslProtocols.Tls13,
            ApplicationProtocols = [Alpn],
            CipherSuitesPolicy = OperatingSystem.IsLinux() ? new CipherSuitesPolicy(CipherSuites) : null,
            AllowTlsResume = false,
            ClientCertificateRequired = true,
            // SslStream builds a chain for the client's certificate before our callback judges it.
            // Its default policy would read the system CA store and fetch any issuer or CRL the
            // certificate links to: a request to wherever a hostile client points, and a
            // handshake slot held while it hangs. ZoneCaTrust decides; this chain touches nothing.
            CertificateChainPolicy = OfflineChainPolicy.Create(),
            ServerCertificateSelectionCallback = (_, hostName) => selectCertificate(hostName),
            RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
            {
                if (certificate is null)
                {
                    return true; // no certificate: a commissioning attempt, PASE authenticates it
                }

                using var presented = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
                if (trust.IsTrusted(presented, chain, out string? problem))
                {
                    return true;
                }

                rejected(problem ?? "untrusted client certificate");
                return false;
            },
        };
    }
}
