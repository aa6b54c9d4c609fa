using System;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mash.Protocol.Certificates;
using Mash.Protocol.Crypto;

namespace Mash.Protocol.DotNet;

/// <summary>
/// <see cref="IX509"/> on System.Security.Cryptography, for the host build, the controller and
/// tests. Stateless and thread-safe. Not part of the firmware (the ESP32 has mbedTLS).
/// </summary>
public sealed class DotNetX509 : IX509
{
    public static readonly DotNetX509 Instance = new();

    private const string EcdsaWithSha256Oid = "1.2.840.10045.4.3.2";

    public EcKeyPair GenerateP256KeyPair()
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new EcKeyPair(key.ExportPkcs8PrivateKey(), key.ExportSubjectPublicKeyInfo());
    }

    public EcKeyPair? ImportP256KeyPair(byte[] pkcs8PrivateKey)
    {
        ArgumentNullException.ThrowIfNull(pkcs8PrivateKey);
        try
        {
            using ECDsa key = ECDsa.Create();
            key.ImportPkcs8PrivateKey(pkcs8PrivateKey, out int read);
            if (read != pkcs8PrivateKey.Length || key.KeySize != 256 || key.ExportParameters(false).Curve.Oid.Value != MashCertificateProfile.P256Oid)
            {
                return null;
            }

            return new EcKeyPair(key.ExportPkcs8PrivateKey(), key.ExportSubjectPublicKeyInfo());
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    public byte[] SignSha256(EcKeyPair key, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(data);
        using ECDsa ecdsa = Load(key);
        return ecdsa.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }

    public bool VerifySha256(byte[] subjectPublicKeyInfo, byte[] data, byte[] signature)
    {
        ArgumentNullException.ThrowIfNull(subjectPublicKeyInfo);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(signature);
        try
        {
            using ECDsa ecdsa = ECDsa.Create();
            ecdsa.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out int read);
            return read == subjectPublicKeyInfo.Length
                && ecdsa.KeySize == 256
                && ecdsa.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    public byte[] CreateSigningRequest(EcKeyPair key, string commonName, string organization, string[] organizationalUnits)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(organizationalUnits);
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCommonName(commonName);
        builder.AddOrganizationName(organization);
        foreach (string unit in organizationalUnits)
        {
            builder.AddOrganizationalUnitName(unit);
        }

        using ECDsa ecdsa = Load(key);
        var request = new CertificateRequest(builder.Build(), ecdsa, HashAlgorithmName.SHA256);
        return request.CreateSigningRequest();
    }

    public byte[] CreateSelfSignedCertificate(EcKeyPair key, string commonName, string organization, DateTime notBefore, DateTime notAfter)
    {
        ArgumentNullException.ThrowIfNull(key);
        using ECDsa ecdsa = Load(key);
        var subject = new X500DistinguishedName($"CN={commonName}, O={organization}");
        var request = new CertificateRequest(subject, ecdsa, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(MashCertificateProfile.ServerAuthOid)], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        byte[] serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // positive INTEGER
        using X509Certificate2 certificate = request.Create(
            subject,
            X509SignatureGenerator.CreateForECDsa(ecdsa),
            new DateTimeOffset(DateTime.SpecifyKind(notBefore, DateTimeKind.Utc)),
            new DateTimeOffset(DateTime.SpecifyKind(notAfter, DateTimeKind.Utc)),
            serial);
        return certificate.RawData;
    }

    public X509Info? Parse(byte[] der, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(der);
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadCertificate(der);
        }
        catch (CryptographicException ex)
        {
            problem = "certificate is not valid DER: " + ex.Message;
            return null;
        }

        using (certificate)
        {
            // The loader checks only the outer structure; the key, extensions, validity and
            // version are decoded when first read and throw for malformed content there.
            try
            {
                problem = null;
                return Read(certificate);
            }
            catch (CryptographicException ex)
            {
                problem = "certificate content is malformed: " + ex.Message;
                return null;
            }
        }
    }

    public bool IsSignedBy(byte[] certificateDer, byte[] issuerDer)
    {
        ArgumentNullException.ThrowIfNull(certificateDer);
        ArgumentNullException.ThrowIfNull(issuerDer);
        try
        {
            using X509Certificate2 certificate = X509CertificateLoader.LoadCertificate(certificateDer);
            using X509Certificate2 issuer = X509CertificateLoader.LoadCertificate(issuerDer);
            if (!certificate.IssuerName.RawData.AsSpan().SequenceEqual(issuer.SubjectName.RawData))
            {
                return false;
            }

            // Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING }
            var outer = new AsnReader(certificateDer, AsnEncodingRules.DER);
            AsnReader sequence = outer.ReadSequence();
            ReadOnlyMemory<byte> tbs = sequence.ReadEncodedValue();
            AsnReader algorithm = sequence.ReadSequence();
            if (algorithm.ReadObjectIdentifier() != EcdsaWithSha256Oid)
            {
                return false;
            }

            byte[] signature = sequence.ReadBitString(out int unusedBits);
            if (unusedBits != 0 || sequence.HasData || outer.HasData)
            {
                return false;
            }

            using ECDsa? key = issuer.GetECDsaPublicKey();
            return key is not null
                && key.KeySize == 256
                && key.VerifyData(tbs.Span, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (Exception ex) when (ex is CryptographicException or AsnContentException or ArgumentException)
        {
            return false;
        }
    }

    private static ECDsa Load(EcKeyPair key)
    {
        ECDsa ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportPkcs8PrivateKey(key.Pkcs8PrivateKey, out _);
            return ecdsa;
        }
        catch
        {
            ecdsa.Dispose();
            throw;
        }
    }

    private static X509Info Read(X509Certificate2 certificate)
    {
        bool hasBasicConstraints = false;
        bool isCa = false;
        bool hasKeyUsage = false;
        bool digitalSignature = false;
        bool hasEku = false;
        string[] ekus = [];
        foreach (X509Extension extension in certificate.Extensions)
        {
            switch (extension)
            {
                case X509BasicConstraintsExtension basic:
                    hasBasicConstraints = true;
                    isCa = basic.CertificateAuthority;
                    break;
                case X509KeyUsageExtension usage:
                    hasKeyUsage = true;
                    digitalSignature = (usage.KeyUsages & X509KeyUsageFlags.DigitalSignature) != 0;
                    break;
                case X509EnhancedKeyUsageExtension enhanced:
                    hasEku = true;
                    OidCollection purposes = enhanced.EnhancedKeyUsages;
                    ekus = new string[purposes.Count];
                    for (int i = 0; i < purposes.Count; i++)
                    {
                        ekus[i] = purposes[i].Value ?? string.Empty;
                    }

                    break;
                default:
                    if (extension.Oid?.Value == "2.5.29.19")
                    {
                        throw new CryptographicException("basicConstraints cannot be read");
                    }

                    break;
            }
        }

        PublicKey publicKey = certificate.PublicKey;
        bool isP256 = MashCertificateProfile.IsP256(publicKey);
        return new X509Info(
            certificate.Version,
            certificate.Subject,
            certificate.NotBefore.ToUniversalTime(),
            certificate.NotAfter.ToUniversalTime(),
            publicKey.ExportSubjectPublicKeyInfo(),
            isP256 && IsValidP256Point(certificate),
            Describe(publicKey),
            hasBasicConstraints,
            isCa,
            hasKeyUsage,
            digitalSignature,
            hasEku,
            ekus);
    }

    private static bool IsValidP256Point(X509Certificate2 certificate)
    {
        // Decodes the point: a malformed encoding throws CryptographicException (reported as malformed).
        using ECDsa? key = certificate.GetECDsaPublicKey();
        return key is not null && key.KeySize == 256;
    }

    private static string Describe(PublicKey key)
    {
        if (key.Oid.Value != MashCertificateProfile.EcPublicKeyOid)
        {
            return key.Oid.FriendlyName ?? key.Oid.Value ?? "unknown algorithm";
        }

        try
        {
            using ECDsa? ec = key.GetECDsaPublicKey();
            return ec is null ? "EC key on an unknown curve" : $"EC key of {ec.KeySize} bits";
        }
        catch (CryptographicException)
        {
            return "EC key on an unknown curve";
        }
    }
}
