using System;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Mash.Protocol.DotNet;

namespace Mash.Controller.Transport;

/// <summary>The validators the two connection kinds need.</summary>
public static class ServerCertificateValidators
{
    /// <summary>
    /// Commissioning: the device presents a self-signed certificate nobody can check yet; PASE
    /// authenticates the device, and the certificate is read from <see cref="MashConnection.PeerCertificate"/>.
    /// </summary>
    public static ServerCertificateValidator AcceptAny { get; } = static (_, _, _) => true;

    /// <summary>The platform's default verdict: trusted chain and matching host name.</summary>
    public static ServerCertificateValidator PlatformDefault { get; } = static (_, _, errors) => errors == SslPolicyErrors.None;

    /// <summary>
    /// Operational: the certificate must chain to <paramref name="trustAnchor"/> (a Zone CA) and
    /// be valid now. The host name is not checked, because devices are dialled by address and
    /// identified by their certificate's key, not by a DNS name.
    /// </summary>
    public static ServerCertificateValidator ChainsTo(X509Certificate2 trustAnchor)
    {
        ArgumentNullException.ThrowIfNull(trustAnchor);
        return (certificate, _, _) =>
        {
            using var chain = new X509Chain { ChainPolicy = OfflineChainPolicy.Create(trustAnchor) };
            if (!chain.Build(certificate))
            {
                return false;
            }

            X509Certificate2 root = chain.ChainElements[^1].Certificate;
            return root.RawDataMemory.Span.SequenceEqual(trustAnchor.RawDataMemory.Span);
        };
    }
}
