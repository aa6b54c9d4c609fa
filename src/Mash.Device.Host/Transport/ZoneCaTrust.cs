using System;
using System.Collections.Generic;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using Mash.Protocol.Certificates;
using Mash.Protocol.DotNet;

namespace Mash.Device.Host.Transport;

/// <summary>
/// Accepts a controller certificate only if it is an operational (end-entity) certificate issued
/// directly by one of the stored Zone CAs (no system roots, no revocation lookups: MASH has
/// neither) and valid at the current wall-clock time. The end-entity profile
/// (<see cref="EndEntityProfile"/>): ECDSA P-256 key, basicConstraints CA:FALSE, digitalSignature
/// if it has a key usage, and the clientAuth extended key usage. So a CA certificate, even one the
/// Zone CA signed, and the Zone CA's own certificate are refused. The zone store replaces the CA
/// list atomically when zones are added or removed, so a removed zone is refused at its next
/// handshake.
/// </summary>
public sealed class ZoneCaTrust : IClientCertificateTrust
{
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

        foreach (X509Certificate2 ca in cas)
        {
            if (ca.RawData.AsSpan().SequenceEqual(certificate.RawData))
            {
                problem = $"certificate {certificate.Subject} is a Zone CA certificate, not a controller certificate";
                return false;
            }
        }

        problem = EndEntityProfile.Problem(certificate, MashCertificateProfile.ClientAuthOid);
        if (problem is not null)
        {
            problem = $"{problem} ({certificate.Subject})";
            return false;
        }

        using var chain = new X509Chain { ChainPolicy = OfflineChainPolicy.Create(cas) };
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        if (chain.Build(certificate))
        {
            // Issued by the Zone CA itself: Zone CAs are pathlen 0, and nothing presented by the
            // peer is used to build the chain, so anything longer is not a controller of the zone.
            if (chain.ChainElements.Count != 2)
            {
                problem = $"certificate {certificate.Subject} is not issued directly by a zone CA of this device";
                return false;
            }

            problem = null;
            return true;
        }

        problem = $"certificate {certificate.Subject} does not chain to a zone CA of this device ({chain.ChainStatus[0].StatusInformation.Trim()})";
        return false;
    }
}
