using System;
using System.Collections.Generic;
using System.Security.Cryptography.X509Certificates;
using System.Threading;

namespace Mash.Device.Host.Transport;

/// <summary>
/// Accepts a controller certificate only if it chains to one of the stored Zone CAs (no system
/// roots, no revocation lookups: MASH has neither), is valid at the current wall-clock time and
/// carries digitalSignature and, if it has an EKU, clientAuth. The zone store replaces the CA
/// list atomically when zones are added or removed, so a removed zone is refused at its next
/// handshake.
/// </summary>
public sealed class ZoneCaTrust : IClientCertificateTrust
{
    private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";
    private readonly Func<DateTimeOffset> _now;
    private X509Certificate2[] _cas = [];

    public ZoneCaTrust(Func<DateTimeOffset> now)
    {
        _now = now;
    }

    public void Replace(IEnumerable<X509Certificate2> zoneCas)
    {
        Volatile.Write(ref _cas, [.. zoneCas]);
    }

    public bool IsTrusted(X509Certificate2 certificate, X509Chain? presentedChain, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        X509Certificate2[] cas = Volatile.Read(ref _cas);
        if (cas.Length == 0)
        {
            problem = "no zone is commissioned on this device";
            return false;
        }

        DateTimeOffset now = _now();
        if (now < certificate.NotBefore || now > certificate.NotAfter)
        {
            problem = $"certificate {certificate.Subject} is not valid now (valid {certificate.NotBefore:u} to {certificate.NotAfter:u})";
            return false;
        }

        foreach (X509Extension extension in certificate.Extensions)
        {
            if (extension is X509KeyUsageExtension ku && (ku.KeyUsages & X509KeyUsageFlags.DigitalSignature) == 0)
            {
                problem = "certificate lacks the digitalSignature key usage";
                return false;
            }

            if (extension is X509EnhancedKeyUsageExtension eku && eku.EnhancedKeyUsages[ClientAuthOid] is null)
            {
                problem = "certificate is not for client authentication";
                return false;
            }
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.CustomTrustStore.AddRange(cas);
        if (chain.Build(certificate))
        {
            problem = null;
            return true;
        }

        problem = $"certificate {certificate.Subject} does not chain to a zone CA of this device ({chain.ChainStatus[0].StatusInformation.Trim()})";
        return false;
    }
}
