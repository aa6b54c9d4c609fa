using System;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mash.Protocol.Certificates;

/// <summary>
/// The profile of an operational (end-entity) certificate, as the spec writes it out
/// (docs/testing/behavior/commissioning-pase.md 3.3, mash-go pkg/cert/generate.go): an ECDSA P-256
/// key, basicConstraints present with CA:FALSE, keyUsage (when present) with digitalSignature, and
/// an extendedKeyUsage naming the purpose it is presented for. A certificate that could itself
/// sign certificates, or the Zone CA's own certificate, is never a peer.
/// </summary>
public static class EndEntityProfile
{
    private const string BasicConstraintsOid = "2.5.29.19";
    private const string KeyUsageOid = "2.5.29.15";
    private const string ExtendedKeyUsageOid = "2.5.29.37";

    /// <summary>Null when <paramref name="certificate"/> fits the profile for <paramref name="purposeOid"/>, else the reason.</summary>
    public static string? Problem(X509Certificate2 certificate, string purposeOid)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentException.ThrowIfNullOrEmpty(purposeOid);

        // .NET decodes the key and extensions only when they are read; a malformed one throws here.
        try
        {
            return ContentProblem(certificate, purposeOid);
        }
        catch (CryptographicException ex)
        {
            return $"certificate content is malformed: {ex.Message}";
        }
    }

    private static string? ContentProblem(X509Certificate2 certificate, string purposeOid)
    {
        if (certificate.Version != 3)
        {
            return $"certificate is X.509 v{certificate.Version}, not v3";
        }

        if (!MashCertificateProfile.IsP256(certificate.PublicKey))
        {
            return $"certificate key is not ECDSA P-256 ({Describe(certificate.PublicKey)})";
        }

        switch (certificate.Extensions[BasicConstraintsOid])
        {
            case null:
                return "certificate has no basicConstraints (an operational certificate says CA:FALSE)";
            case X509BasicConstraintsExtension { CertificateAuthority: true }:
                return "certificate is a CA certificate (basicConstraints CA:TRUE), not an operational certificate";
            case X509BasicConstraintsExtension:
                break;
            default:
                return "certificate basicConstraints cannot be read";
        }

        if (certificate.Extensions[KeyUsageOid] is X509KeyUsageExtension ku && (ku.KeyUsages & X509KeyUsageFlags.DigitalSignature) == 0)
        {
            return "certificate lacks the digitalSignature key usage";
        }

        if (certificate.Extensions[ExtendedKeyUsageOid] is not X509EnhancedKeyUsageExtension eku || eku.EnhancedKeyUsages[purposeOid] is null)
        {
            return purposeOid == MashCertificateProfile.ClientAuthOid
                ? "certificate is not for client authentication (no clientAuth extended key usage)"
                : $"certificate lacks the extended key usage {purposeOid}";
        }

        return null;
    }

    private static string Describe(PublicKey key)
    {
        if (key.Oid.Value != MashCertificateProfile.EcPublicKeyOid)
        {
            return key.Oid.FriendlyName ?? key.Oid.Value ?? "unknown algorithm";
        }

        using ECDsa? ec = key.GetECDsaPublicKey();
        return ec is null ? "EC key on an unknown curve" : $"EC key of {ec.KeySize} bits";
    }
}
