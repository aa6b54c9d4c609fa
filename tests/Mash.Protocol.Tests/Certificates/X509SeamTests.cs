using System;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mash.Protocol.Certificates;
using Mash.Protocol.Crypto;
using Mash.Protocol.DotNet;
using Mash.Protocol.Zones;

namespace Mash.Protocol.Tests.Certificates;

/// <summary>
/// The host implementation of the device's X.509/ECDSA seam (<see cref="IX509"/>): what an mbedTLS
/// implementation on the ESP32 must do the same way.
/// </summary>
public sealed class X509SeamTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly IX509 _x509 = DotNetX509.Instance;
    private readonly ZoneCertificateAuthority _ca = ZoneCertificateAuthority.Create(ZoneType.HomeManager, "Seam", Now);

    public void Dispose() => _ca.Dispose();

    [Fact]
    public void A_generated_key_signs_and_its_public_key_verifies()
    {
        using EcKeyPair key = _x509.GenerateP256KeyPair();
        byte[] data = [1, 2, 3, 4];

        byte[] signature = _x509.SignSha256(key, data);

        Assert.True(_x509.VerifySha256(key.SubjectPublicKeyInfo, data, signature));
        Assert.False(_x509.VerifySha256(key.SubjectPublicKeyInfo, [1, 2, 3, 5], signature));
        using EcKeyPair other = _x509.GenerateP256KeyPair();
        Assert.False(_x509.VerifySha256(other.SubjectPublicKeyInfo, data, signature));
    }

    [Fact]
    public void A_stored_key_imports_to_the_same_public_key_and_a_p384_key_does_not()
    {
        using EcKeyPair key = _x509.GenerateP256KeyPair();

        EcKeyPair? imported = _x509.ImportP256KeyPair(key.Pkcs8PrivateKey);

        Assert.NotNull(imported);
        Assert.Equal(key.SubjectPublicKeyInfo, imported.SubjectPublicKeyInfo);
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        Assert.Null(_x509.ImportP256KeyPair(p384.ExportPkcs8PrivateKey()));
        Assert.Null(_x509.ImportP256KeyPair([0x30, 0x00]));
    }

    [Fact]
    public void The_device_csr_carries_the_reference_subject_and_the_key()
    {
        using EcKeyPair key = _x509.GenerateP256KeyPair();

        byte[] der = DeviceCsr.Create(_x509, key, "0123456789abcdef", 1234, 5678);

        CertificateRequest csr = CertificateRequest.LoadSigningRequest(der, HashAlgorithmName.SHA256);
        Assert.Equal("CN=0123456789abcdef, O=MASH Device, OU=V1234, OU=P5678", csr.SubjectName.Name);
        Assert.Equal(key.SubjectPublicKeyInfo, csr.PublicKey.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public void An_issued_certificate_reads_back_with_its_profile_and_is_signed_by_its_ca_only()
    {
        using EcKeyPair key = _x509.GenerateP256KeyPair();
        using X509Certificate2 issued = _ca.IssueOperationalCertificate(DeviceCsr.Create(_x509, key, "0123456789abcdef", 1, 2), Now);

        X509Info? info = _x509.Parse(issued.RawData, out string? problem);

        Assert.Null(problem);
        Assert.NotNull(info);
        Assert.Equal(3, info.Version);
        Assert.True(info.IsP256);
        Assert.True(info.HasBasicConstraints);
        Assert.False(info.IsCertificateAuthority);
        Assert.True(info.KeyUsageDigitalSignature);
        Assert.True(info.HasExtendedKeyUsagePurpose(MashCertificateProfile.ClientAuthOid));
        Assert.Equal(key.SubjectPublicKeyInfo, info.SubjectPublicKeyInfo);
        Assert.Equal(Now.UtcDateTime.AddMinutes(-5), info.NotBefore);
        Assert.Equal(DateTimeKind.Utc, info.NotAfter.Kind);
        Assert.True(_x509.IsSignedBy(issued.RawData, _ca.Certificate.RawData));
        using ZoneCertificateAuthority other = ZoneCertificateAuthority.Create(ZoneType.HomeManager, "Seam", Now);
        Assert.False(_x509.IsSignedBy(issued.RawData, other.Certificate.RawData)); // same subject, other key
        Assert.False(_x509.IsSignedBy([0x30, 0x00], _ca.Certificate.RawData));
    }

    [Fact]
    public void Garbage_is_not_a_certificate_and_says_why()
    {
        Assert.Null(_x509.Parse([0x30, 0x03, 0x02, 0x01, 0x00], out string? problem));
        Assert.Contains("not valid DER", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_commissioning_certificate_is_self_signed_for_server_authentication()
    {
        using EcKeyPair key = _x509.GenerateP256KeyPair();

        byte[] der = CommissioningCertificate.Create(_x509, key, "0123456789abcdef", Now.UtcDateTime);

        X509Info info = _x509.Parse(der, out _)!;
        Assert.Equal("CN=MASH Device 0123456789abcdef, O=MASH", info.Subject);
        Assert.True(info.HasExtendedKeyUsagePurpose(MashCertificateProfile.ServerAuthOid));
        Assert.Equal(Now.UtcDateTime.AddHours(-1), info.NotBefore);
        Assert.True(_x509.IsSignedBy(der, der));
    }

    [Fact]
    public void Without_synchronised_time_only_expiry_before_the_last_known_good_time_is_judged()
    {
        var lastKnownGood = CertificateTime.LastKnownGood(new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc));
        var synchronised = CertificateTime.Synchronised(new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc));
        var future = new DateTime(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc);
        var past = new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc);

        Assert.Null(lastKnownGood.ValidityProblem("c", future, future.AddDays(365), TimeSpan.Zero));
        Assert.NotNull(synchronised.ValidityProblem("c", future, future.AddDays(365), TimeSpan.Zero));
        Assert.NotNull(lastKnownGood.ValidityProblem("c", past.AddDays(-30), past, TimeSpan.Zero));
        Assert.Null(lastKnownGood.ValidityProblem("c", past, future, TimeSpan.Zero));
    }

    [Fact]
    public void The_operational_check_uses_the_last_known_good_time_when_the_clock_is_not_set()
    {
        using EcKeyPair key = _x509.GenerateP256KeyPair();
        using X509Certificate2 issued = _ca.IssueOperationalCertificate(DeviceCsr.Create(_x509, key, "0123456789abcdef", 1, 2), Now);
        var before = CertificateTime.LastKnownGood(Now.UtcDateTime.AddDays(-10));
        var after = CertificateTime.LastKnownGood(Now.UtcDateTime.AddDays(400));

        Assert.Null(OperationalCertificateCheck.Problem(_x509, issued.RawData, _ca.Certificate.RawData, key.SubjectPublicKeyInfo, before));
        Assert.Contains("last known good", OperationalCertificateCheck.Problem(_x509, issued.RawData, _ca.Certificate.RawData, key.SubjectPublicKeyInfo, after), StringComparison.Ordinal);
    }
}
