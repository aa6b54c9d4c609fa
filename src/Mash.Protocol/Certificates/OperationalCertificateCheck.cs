using System;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mash.Protocol.Certificates;

/// <summary>
/// What a device checks before it stores a zone: the Zone CA is a P-256 CA certificate, the
/// operational certificate is X.509 v3 with a P-256 key, signed by that CA, carries exactly the key
/// of the device's pending CSR, and is valid now for about a year (at most 398 days, the reference
/// issues 365). Returns null when acceptable, else the reason.
/// </summary>
public static class OperationalCertificateCheck
{
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(398);
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public static string? Problem(byte[] operationalDer, byte[] zoneCaDer, ReadOnlySpan<byte> expectedSubjectPublicKeyInfo, DateTimeOffset now)
    {
        X509Certificate2 op;
        X509Certificate2 ca;
        try
        {
            op = X509CertificateLoader.LoadCertificate(operationalDer);
            ca = X509CertificateLoader.LoadCertificate(zoneCaDer);
        }
        catch (CryptographicException ex)
        {
            return $"certificate is not valid DER: {ex.Message}";
        }

        using (op)
        using (ca)
        {
            // The loader checks only the outer structure; the key, extensions, validity and
            // version are decoded when first read and throw for malformed content there.
            try
            {
                return ContentProblem(op, ca, expectedSubjectPublicKeyInfo, now);
            }
            catch (CryptographicException ex)
            {
                return $"certificate content is malformed: {ex.Message}";
            }
        }
    }

    private static string? ContentProblem(X509Certificate2 op, X509Certificate2 ca, ReadOnlySpan<byte> expectedSubjectPublicKeyInfo, DateTimeOffset now)
    {
        if (!IsP256(ca))
        {
            return "the Zone CA key is not ECDSA P-256";
        }

        if (ca.Extensions[Oids.BasicConstraints] is not X509BasicConstraintsExtension { CertificateAuthority: true })
        {
            return "the Zone CA certificate is not a CA";
        }

        if (op.Version != 3)
        {
            return $"operational certificate is X.509 v{op.Version}, not v3";
        }

        if (!IsP256(op))
        {
            return "operational certificate key is not ECDSA P-256";
        }

        if (!op.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(expectedSubjectPublicKeyInfo))
        {
            return "operational certificate does not carry the key of this device's CSR";
        }

        if (now + ClockSkew < op.NotBefore || now > op.NotAfter)
        {
            return $"operational certificate is not valid now ({op.NotBefore:u} to {op.NotAfter:u})";
        }

        if (op.NotAfter - op.NotBefore > MaxLifetime)
        {
            return $"operational certificate lifetime {(op.NotAfter - op.NotBefore).TotalDays:F0} days exceeds {MaxLifetime.TotalDays:F0}";
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        if (!chain.Build(op))
        {
            return $"operational certificate is not signed by the given Zone CA ({chain.ChainStatus[0].StatusInformation.Trim()})";
        }

        return null;
    }

    private static bool IsP256(X509Certificate2 certificate)
    {
        using ECDsa? key = certificate.GetECDsaPublicKey();
        return key is not null && key.KeySize == 256 && key.ExportParameters(false).Curve.Oid.Value == "1.2.840.10045.3.1.7";
    }

    private static class Oids
    {
        public const string BasicConstraints = "2.5.29.19";
    }
}
