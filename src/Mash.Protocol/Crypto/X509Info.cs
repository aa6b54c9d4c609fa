using System;

namespace Mash.Protocol.Crypto;

/// <summary>What the device reads from a certificate (<see cref="IX509.Parse"/>); all times UTC.</summary>
public sealed class X509Info
{
    public X509Info(
        int version,
        string subject,
        DateTime notBefore,
        DateTime notAfter,
        byte[] subjectPublicKeyInfo,
        bool isP256,
        string keyDescription,
        bool hasBasicConstraints,
        bool isCertificateAuthority,
        bool hasKeyUsage,
        bool keyUsageDigitalSignature,
        bool hasExtendedKeyUsage,
        string[] extendedKeyUsages)
    {
        Version = version;
        Subject = subject;
        NotBefore = notBefore;
        NotAfter = notAfter;
        SubjectPublicKeyInfo = subjectPublicKeyInfo;
        IsP256 = isP256;
        KeyDescription = keyDescription;
        HasBasicConstraints = hasBasicConstraints;
        IsCertificateAuthority = isCertificateAuthority;
        HasKeyUsage = hasKeyUsage;
        KeyUsageDigitalSignature = keyUsageDigitalSignature;
        HasExtendedKeyUsage = hasExtendedKeyUsage;
        ExtendedKeyUsages = extendedKeyUsages;
    }

    /// <summary>1, 2 or 3 (X.509 v3 is 3).</summary>
    public int Version { get; }

    /// <summary>The subject name as text, for logs and messages (e.g. "CN=controller-…, O=MASH Controller").</summary>
    public string Subject { get; }

    public DateTime NotBefore { get; }

    public DateTime NotAfter { get; }

    /// <summary>The SubjectPublicKeyInfo DER.</summary>
    public byte[] SubjectPublicKeyInfo { get; }

    /// <summary>An id-ecPublicKey on the named curve P-256.</summary>
    public bool IsP256 { get; }

    /// <summary>The key's algorithm for messages ("EC key of 384 bits", "RSA").</summary>
    public string KeyDescription { get; }

    public bool HasBasicConstraints { get; }

    /// <summary>basicConstraints says CA:TRUE.</summary>
    public bool IsCertificateAuthority { get; }

    public bool HasKeyUsage { get; }

    public bool KeyUsageDigitalSignature { get; }

    public bool HasExtendedKeyUsage { get; }

    /// <summary>The extendedKeyUsage purposes as dotted OIDs (empty without the extension).</summary>
    public string[] ExtendedKeyUsages { get; }

    /// <summary>True when the extendedKeyUsage names <paramref name="oid"/>.</summary>
    public bool HasExtendedKeyUsagePurpose(string oid)
    {
        foreach (string purpose in ExtendedKeyUsages)
        {
            if (purpose == oid)
            {
                return true;
            }
        }

        return false;
    }
}
