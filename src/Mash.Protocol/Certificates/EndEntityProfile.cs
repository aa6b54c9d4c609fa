using System;
using Mash.Protocol.Crypto;

namespace Mash.Protocol.Certificates;

/// <summary>
/// The profile of an operational (end-entity) certificate, as the spec writes it out
/// (docs/testing/behavior/commissioning-pase.md 3.3, mash-go pkg/cert/generate.go): an ECDSA P-256
/// key, basicConstraints present with CA:FALSE, keyUsage (when present) with digitalSignature, and
/// an extendedKeyUsage naming the purpose it is presented for. A certificate that could itself
/// sign certificates, or the Zone CA's own certificate, is never a peer.
/// </summary>
public static partial class EndEntityProfile
{
    /// <summary>Null when <paramref name="certificate"/> fits the profile for <paramref name="purposeOid"/>, else the reason.</summary>
    public static string? Problem(X509Info certificate, string purposeOid)
    {
        if (certificate == null)
        {
            throw new ArgumentNullException(nameof(certificate));
        }

        if (purposeOid == null || purposeOid.Length == 0)
        {
            throw new ArgumentException("a purpose OID is required", nameof(purposeOid));
        }

        if (certificate.Version != 3)
        {
            return "certificate is X.509 v" + certificate.Version.ToString() + ", not v3";
        }

        if (!certificate.IsP256)
        {
            return "certificate key is not ECDSA P-256 (" + certificate.KeyDescription + ")";
        }

        if (!certificate.HasBasicConstraints)
        {
            return "certificate has no basicConstraints (an operational certificate says CA:FALSE)";
        }

        if (certificate.IsCertificateAuthority)
        {
            return "certificate is a CA certificate (basicConstraints CA:TRUE), not an operational certificate";
        }

        if (certificate.HasKeyUsage && !certificate.KeyUsageDigitalSignature)
        {
            return "certificate lacks the digitalSignature key usage";
        }

        if (!certificate.HasExtendedKeyUsagePurpose(purposeOid))
        {
            return purposeOid == MashCertificateProfile.ClientAuthOid
                ? "certificate is not for client authentication (no clientAuth extended key usage)"
                : "certificate lacks the extended key usage " + purposeOid;
        }

        return null;
    }
}
