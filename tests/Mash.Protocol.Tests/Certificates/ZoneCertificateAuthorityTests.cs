using System;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mash.Protocol.Certificates;
using Mash.Protocol.Zones;

namespace Mash.Protocol.Tests.Certificates;

public sealed class ZoneCertificateAuthorityTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_new_zone_CA_has_the_reference_profile()
    {
        using var ca = ZoneCertificateAuthority.Create(ZoneType.HomeManager, "Kitchen", Now);
        X509Certificate2 cert = ca.Certificate;

        Assert.Equal(["O=MASH Zone", "OU=HOME_MANAGER", "OU=Kitchen", "CN=MASH Zone CA - Kitchen"], Names(cert.SubjectName));
        Assert.Equal(cert.SubjectName.RawData, cert.IssuerName.RawData);
        Assert.Equal(3, cert.Version);
        Assert.Equal("1.2.840.10045.4.3.2", cert.SignatureAlgorithm.Value); // ecdsa-with-SHA256
        Assert.True(MashCertificateProfile.IsP256(cert.PublicKey));
        Assert.Equal(Now.AddMinutes(-5), cert.NotBefore.ToUniversalTime());
        Assert.Equal(Now.AddDays(365 * 20), cert.NotAfter.ToUniversalTime());

        var constraints = Assert.IsType<X509BasicConstraintsExtension>(cert.Extensions["2.5.29.19"]);
        Assert.True(constraints.Critical);
        Assert.True(constraints.CertificateAuthority);
        Assert.True(constraints.HasPathLengthConstraint);
        Assert.Equal(0, constraints.PathLengthConstraint);

        var usage = Assert.IsType<X509KeyUsageExtension>(cert.Extensions["2.5.29.15"]);
        Assert.True(usage.Critical);
        Assert.Equal(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, usage.KeyUsages);

        byte[] expectedSki = SHA256.HashData(cert.PublicKey.ExportSubjectPublicKeyInfo())[..20];
        Assert.Equal(Convert.ToHexString(expectedSki), SubjectKeyId(cert));
        Assert.Equal(Convert.ToHexString(expectedSki), AuthorityKeyId(cert));

        Assert.Equal(ZoneType.HomeManager, ca.ZoneType);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(cert.RawData)[..8]), ca.Fingerprint);
    }

    [Fact]
    public void Without_a_name_the_CA_is_named_after_its_key_identifier()
    {
        using var ca = ZoneCertificateAuthority.Create(ZoneType.GridOperator, null, Now);

        string keyId = SubjectKeyId(ca.Certificate)[..16].ToLowerInvariant();
        Assert.Equal("MASH Zone CA - " + keyId, ca.Certificate.GetNameInfo(X509NameType.SimpleName, false));
        Assert.Contains("OU=GRID_OPERATOR", Names(ca.Certificate.SubjectName));
    }

    [Fact]
    public void An_operational_certificate_keeps_the_CSR_subject_and_key_and_chains_to_the_CA()
    {
        using var ca = ZoneCertificateAuthority.Create(ZoneType.HomeManager, null, Now);
        using var deviceKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedName("CN=0123456789abcdef, OU=V4660, OU=P22136, O=MASH Device");
        byte[] csr = new CertificateRequest(subject, deviceKey, HashAlgorithmName.SHA256).CreateSigningRequest();

        using X509Certificate2 issued = ca.IssueOperationalCertificate(csr, Now);

        Assert.Equal(subject.RawData, issued.SubjectName.RawData);
        Assert.Equal(ca.Certificate.SubjectName.RawData, issued.IssuerName.RawData);
        Assert.Equal(deviceKey.ExportSubjectPublicKeyInfo(), issued.PublicKey.ExportSubjectPublicKeyInfo());
        Assert.Equal(Now.AddMinutes(-5), issued.NotBefore.ToUniversalTime());
        Assert.Equal(Now.AddDays(365), issued.NotAfter.ToUniversalTime());
        Assert.False(Assert.IsType<X509BasicConstraintsExtension>(issued.Extensions["2.5.29.19"]).CertificateAuthority);
        Assert.Equal(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment,
            Assert.IsType<X509KeyUsageExtension>(issued.Extensions["2.5.29.15"]).KeyUsages);
        var eku = Assert.IsType<X509EnhancedKeyUsageExtension>(issued.Extensions["2.5.29.37"]);
        Assert.Equal(
            new[] { "1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2" },
            eku.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value!).Order().ToArray());
        Assert.Equal(
            Convert.ToHexString(SHA256.HashData(deviceKey.ExportSubjectPublicKeyInfo())[..20]),
            SubjectKeyId(issued));
        Assert.Equal(SubjectKeyId(ca.Certificate), AuthorityKeyId(issued));
        Assert.True(ChainsTo(issued, ca.Certificate, Now));
    }

    [Fact]
    public void Serial_numbers_are_positive_16_byte_integers_and_differ_between_certificates()
    {
        using var ca = ZoneCertificateAuthority.Create(ZoneType.UserApp, null, Now);
        using X509Certificate2 first = ca.IssueControllerCertificate("9f4d4049ca6ca23c", Now);
        using X509Certificate2 second = ca.IssueControllerCertificate("9f4d4049ca6ca23c", Now);

        byte[] serial = first.SerialNumberBytes.ToArray();
        Assert.Equal(16, serial.Length);
        Assert.True(serial[0] is > 0 and < 0x80);
        Assert.NotEqual(first.SerialNumber, second.SerialNumber);
    }

    [Fact]
    public void A_CSR_whose_signature_does_not_verify_is_rejected()
    {
        using var ca = ZoneCertificateAuthority.Create(ZoneType.HomeManager, null, Now);
        using var deviceKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        byte[] csr = new CertificateRequest("CN=0123456789abcdef, O=MASH Device", deviceKey, HashAlgorithmName.SHA256).CreateSigningRequest();

        // Change one letter of the subject: the structure stays valid, the signature no longer matches.
        int at = csr.AsSpan().IndexOf("MASH Device"u8);
        csr[at] = (byte)'X';
        Assert.NotNull(CertificateRequest.LoadSigningRequest(
            csr, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.SkipSignatureValidation));

        var error = Assert.Throws<CertificateRequestException>(() => ca.IssueOperationalCertificate(csr, Now));
        Assert.Contains("signature", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_CSR_that_is_not_DER_is_rejected()
    {
        using var ca = ZoneCertificateAuthority.Create(ZoneType.HomeManager, null, Now);

        Assert.Throws<CertificateRequestException>(() => ca.IssueOperationalCertificate([0x30, 0x03, 0x02, 0x01, 0x01], Now));
    }

    [Theory]
    [InlineData("P-384")]
    [InlineData("RSA")]
    public void A_CSR_with_a_key_other_than_P_256_is_rejected(string keyKind)
    {
        using var ca = ZoneCertificateAuthority.Create(ZoneType.HomeManager, null, Now);
        byte[] csr;
        if (keyKind == "RSA")
        {
            using var rsa = RSA.Create(2048);
            csr = new CertificateRequest("CN=device", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSigningRequest();
        }
        else
        {
            using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
            csr = new CertificateRequest("CN=device", p384, HashAlgorithmName.SHA256).CreateSigningRequest();
        }

        var error = Assert.Throws<CertificateRequestException>(() => ca.IssueOperationalCertificate(csr, Now));
        Assert.Contains("P-256", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_controller_certificate_carries_its_key_names_the_zone_and_chains_to_the_CA()
    {
        using var ca = ZoneCertificateAuthority.Create(ZoneType.BuildingManager, null, Now);

        using X509Certificate2 controller = ca.IssueControllerCertificate("9f4d4049ca6ca23c", Now);

        Assert.True(controller.HasPrivateKey);
        Assert.Equal(
            ["O=MASH Controller", "OU=BUILDING_MANAGER", "OU=9f4d4049ca6ca23c", "CN=controller-9f4d4049ca6ca23c"],
            Names(controller.SubjectName));
        Assert.Equal(Now.AddDays(365), controller.NotAfter.ToUniversalTime());
        Assert.Equal(SubjectKeyId(ca.Certificate), AuthorityKeyId(controller));
        Assert.True(ChainsTo(controller, ca.Certificate, Now));
    }

    [Fact]
    public void A_CA_saved_as_PEM_loads_back_with_its_zone_type_and_still_issues_certificates_that_chain_to_it()
    {
        string certificatePem;
        string keyPem;
        byte[] original;
        using (var ca = ZoneCertificateAuthority.Create(ZoneType.GridOperator, null, Now))
        {
            certificatePem = ca.ExportCertificatePem();
            keyPem = ca.ExportPrivateKeyPem();
            original = ca.Certificate.RawData;
        }

        Assert.Contains("-----BEGIN PRIVATE KEY-----", keyPem, StringComparison.Ordinal);
        using var loaded = ZoneCertificateAuthority.FromPem(certificatePem, keyPem);
        Assert.Equal(original, loaded.Certificate.RawData);
        Assert.Equal(ZoneType.GridOperator, loaded.ZoneType);
        using X509Certificate2 controller = loaded.IssueControllerCertificate("0011223344556677", Now.AddDays(1));
        Assert.True(ChainsTo(controller, loaded.Certificate, Now.AddDays(1)));
    }

    [Fact]
    public void Loading_a_CA_with_the_key_of_another_CA_fails()
    {
        using var first = ZoneCertificateAuthority.Create(ZoneType.HomeManager, null, Now);
        using var second = ZoneCertificateAuthority.Create(ZoneType.HomeManager, null, Now);

        var error = Assert.Throws<CryptographicException>(
            () => ZoneCertificateAuthority.FromPem(first.ExportCertificatePem(), second.ExportPrivateKeyPem()));
        Assert.Contains("does not belong", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_certificate_from_another_zone_CA_does_not_chain_to_this_one()
    {
        using var ours = ZoneCertificateAuthority.Create(ZoneType.HomeManager, null, Now);
        using var theirs = ZoneCertificateAuthority.Create(ZoneType.HomeManager, null, Now);

        using X509Certificate2 foreign = theirs.IssueControllerCertificate("0011223344556677", Now);

        Assert.False(ChainsTo(foreign, ours.Certificate, Now));
    }

    /// <summary>The name's attributes in encoded order (Subject strings are reversed on some platforms).</summary>
    private static string[] Names(X500DistinguishedName name) =>
        name.EnumerateRelativeDistinguishedNames()
            .Select(rdn => (rdn.GetSingleElementType().FriendlyName switch
            {
                "organizationName" or "O" => "O",
                "organizationalUnitName" or "OU" => "OU",
                "commonName" or "CN" => "CN",
                _ => rdn.GetSingleElementType().Value,
            }) + "=" + rdn.GetSingleElementValue())
            .ToArray();

    private static string SubjectKeyId(X509Certificate2 cert) =>
        Assert.IsType<X509SubjectKeyIdentifierExtension>(cert.Extensions["2.5.29.14"]).SubjectKeyIdentifier!;

    private static string AuthorityKeyId(X509Certificate2 cert) =>
        Convert.ToHexString(Assert.IsType<X509AuthorityKeyIdentifierExtension>(cert.Extensions["2.5.29.35"]).KeyIdentifier!.Value.Span);

    private static bool ChainsTo(X509Certificate2 leaf, X509Certificate2 root, DateTimeOffset at)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = at.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        return chain.Build(leaf);
    }
}
