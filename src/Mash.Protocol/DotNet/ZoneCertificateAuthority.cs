using System;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mash.Protocol.Zones;

namespace Mash.Protocol.Certificates;

/// <summary>
/// A zone's certificate authority, held by the controller that owns the zone: it issues the
/// operational certificates devices request during commissioning and the controller's own
/// certificate for mutual TLS. Profiles follow the reference (pkg/cert/generate.go) so a device
/// of either implementation accepts them.
/// </summary>
public sealed class ZoneCertificateAuthority : IDisposable
{
    private const string OrganizationalUnitOid = "2.5.4.11";

    private readonly ECDsa _key;
    private readonly byte[] _keyIdentifier;

    private ZoneCertificateAuthority(X509Certificate2 certificate, ECDsa key, ZoneType zoneType)
    {
        Certificate = certificate;
        _key = key;
        ZoneType = zoneType;
        _keyIdentifier = MashCertificateProfile.KeyIdentifier(certificate.PublicKey);
    }

    /// <summary>The CA certificate without its private key: what devices store and trust.</summary>
    public X509Certificate2 Certificate { get; }

    public ZoneType ZoneType { get; }

    /// <summary>
    /// hex(SHA-256(CA certificate DER)[0:8]): the zone's identity as the spec at [63] derives it
    /// (zone-lifecycle.md). Devices commissioned the reference's way know the zone by a PASE-derived
    /// ID instead; this one names the authority itself (controller certificate, folders, logs).
    /// </summary>
    public string Fingerprint
    {
        get
        {
            Span<byte> hash = stackalloc byte[32];
            SHA256.HashData(Certificate.RawDataMemory.Span, hash);
            return Convert.ToHexStringLower(hash[..8]);
        }
    }

    /// <summary>
    /// Creates a new CA: P-256 key, CN "MASH Zone CA - &lt;name&gt;" (the name defaults to the
    /// first 16 hex digits of the key identifier), O "MASH Zone", OU [zone type, name], valid
    /// twenty years, CA with path length 0.
    /// </summary>
    public static ZoneCertificateAuthority Create(ZoneType zoneType, string? zoneName, DateTimeOffset now)
    {
        if (!ZoneTypes.IsDefined(zoneType))
        {
            throw new ArgumentOutOfRangeException(nameof(zoneType), zoneType, "unknown zone type");
        }

        ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        try
        {
            var publicKey = new PublicKey(key);
            byte[] keyIdentifier = MashCertificateProfile.KeyIdentifier(publicKey);
            string name = string.IsNullOrWhiteSpace(zoneName) ? Convert.ToHexStringLower(keyIdentifier.AsSpan(0, 8)) : zoneName.Trim();
            var subject = new X500DistinguishedNameBuilder();
            subject.AddOrganizationName("MASH Zone");
            subject.AddOrganizationalUnitName(zoneType.ToCertificateName());
            subject.AddOrganizationalUnitName(name);
            subject.AddCommonName("MASH Zone CA - " + name);
            X500DistinguishedName subjectName = subject.Build();

            var request = new CertificateRequest(subjectName, key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(
                X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(keyIdentifier, false));
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(keyIdentifier));
            DateTimeOffset notBefore = now - MashCertificateProfile.ClockSkewAllowance;
            X509Certificate2 certificate = request.Create(
                subjectName,
                X509SignatureGenerator.CreateForECDsa(key),
                notBefore,
                now + MashCertificateProfile.ZoneCaLifetime,
                MashCertificateProfile.NewSerialNumber());
            return new ZoneCertificateAuthority(certificate, key, zoneType);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Loads a CA saved with <see cref="ExportCertificatePem"/> and <see cref="ExportPrivateKeyPem"/>.
    /// The zone type is read back from the certificate's first OU.
    /// </summary>
    /// <exception cref="CryptographicException">Unreadable PEM, not a CA, not P-256, unknown zone type, or a key that does not belong to the certificate.</exception>
    public static ZoneCertificateAuthority FromPem(string certificatePem, string privateKeyPem)
    {
        ArgumentNullException.ThrowIfNull(certificatePem);
        ArgumentNullException.ThrowIfNull(privateKeyPem);
        X509Certificate2 certificate = X509Certificate2.CreateFromPem(certificatePem);
        ECDsa key = ECDsa.Create();
        try
        {
            key.ImportFromPem(privateKeyPem);
            if (!MashCertificateProfile.IsP256(certificate.PublicKey))
            {
                throw new CryptographicException("the Zone CA certificate does not carry a P-256 key");
            }

            if (!certificate.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()))
            {
                throw new CryptographicException("the Zone CA private key does not belong to the Zone CA certificate");
            }

            if (certificate.Extensions[BasicConstraintsOid] is not X509BasicConstraintsExtension { CertificateAuthority: true })
            {
                throw new CryptographicException("the Zone CA certificate is not a CA certificate");
            }

            if (!ZoneTypes.TryParse(FirstOrganizationalUnit(certificate.SubjectName), out ZoneType zoneType))
            {
                throw new CryptographicException("the Zone CA certificate does not name a zone type in its first OU");
            }

            return new ZoneCertificateAuthority(certificate, key, zoneType);
        }
        catch
        {
            key.Dispose();
            certificate.Dispose();
            throw;
        }
    }

    public string ExportCertificatePem() => Certificate.ExportCertificatePem();

    /// <summary>PKCS#8, unencrypted: protect the file (the controller state keeps it mode 0600).</summary>
    public string ExportPrivateKeyPem() => _key.ExportPkcs8PrivateKeyPem();

    /// <summary>
    /// Issues a device's operational certificate for its CSR: the CSR signature must verify and
    /// its key must be P-256. Subject and key come from the CSR; the CSR's extensions are ignored.
    /// Valid from 5 minutes before <paramref name="now"/> for 365 days (never beyond the CA).
    /// </summary>
    /// <exception cref="CertificateRequestException">The CSR does not parse, its signature does not verify, or its key is not P-256.</exception>
    public X509Certificate2 IssueOperationalCertificate(byte[] certificateSigningRequest, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(certificateSigningRequest);
        CertificateRequest request;
        try
        {
            // The default options verify the signature and drop any requested extensions.
            request = CertificateRequest.LoadSigningRequest(certificateSigningRequest, HashAlgorithmName.SHA256);
        }
        catch (Exception ex) when (ex is CryptographicException or NotSupportedException)
        {
            // NotSupportedException: a signature algorithm .NET does not know (found by fuzzing).
            throw new CertificateRequestException("the CSR is malformed or its signature does not verify: " + ex.Message, ex);
        }

        if (!MashCertificateProfile.IsP256(request.PublicKey))
        {
            throw new CertificateRequestException("the CSR's key is not ECDSA P-256 (" + (request.PublicKey.Oid.FriendlyName ?? request.PublicKey.Oid.Value) + ")");
        }

        MashCertificateProfile.AddEndEntityExtensions(request, _keyIdentifier);
        return Sign(request, now);
    }

    /// <summary>
    /// The controller's own certificate for mutual TLS with the zone's devices: a fresh P-256 key,
    /// CN "controller-&lt;zoneId&gt;", O "MASH Controller", OU [zone type, zoneId], one year.
    /// Returned with its private key.
    /// </summary>
    public X509Certificate2 IssueControllerCertificate(string zoneId, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(zoneId);
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddOrganizationName("MASH Controller");
        subject.AddOrganizationalUnitName(ZoneType.ToCertificateName());
        subject.AddOrganizationalUnitName(zoneId);
        subject.AddCommonName("controller-" + zoneId);
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        MashCertificateProfile.AddEndEntityExtensions(request, _keyIdentifier);
        using X509Certificate2 publicOnly = Sign(request, now);
        return publicOnly.CopyWithPrivateKey(key);
    }

    public void Dispose()
    {
        _key.Dispose();
        Certificate.Dispose();
    }

    public override string ToString() => $"Zone CA {Certificate.Subject} ({ZoneType})";

    private const string BasicConstraintsOid = "2.5.29.19";

    private static string? FirstOrganizationalUnit(X500DistinguishedName name)
    {
        foreach (X500RelativeDistinguishedName rdn in name.EnumerateRelativeDistinguishedNames())
        {
            if (!rdn.HasMultipleElements && rdn.GetSingleElementType().Value == OrganizationalUnitOid)
            {
                return rdn.GetSingleElementValue();
            }
        }

        return null;
    }

    private X509Certificate2 Sign(CertificateRequest request, DateTimeOffset now)
    {
        DateTimeOffset notBefore = Max(now - MashCertificateProfile.ClockSkewAllowance, Certificate.NotBefore);
        DateTimeOffset notAfter = Min(now + MashCertificateProfile.OperationalLifetime, Certificate.NotAfter);
        if (notAfter <= notBefore)
        {
            throw new InvalidOperationException("the Zone CA is not valid at " + now.ToString("O") + "; it cannot issue certificates");
        }

        return request.Create(Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(_key), notBefore, notAfter, MashCertificateProfile.NewSerialNumber());
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
