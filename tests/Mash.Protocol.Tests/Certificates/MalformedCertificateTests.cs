using System;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mash.Protocol.Certificates;
using Mash.Protocol.Zones;

namespace Mash.Protocol.Tests.Certificates;

/// <summary>
/// Regression tests for fuzz findings (fuzz/README.md): a certificate whose outer DER loads but
/// whose key, extension, validity or version field is malformed made
/// <see cref="OperationalCertificateCheck.Problem"/> throw instead of naming the problem, and an
/// unknown CSR signature algorithm escaped the CA as NotSupportedException.
/// </summary>
public sealed class MalformedCertificateTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly ZoneCertificateAuthority _ca = ZoneCertificateAuthority.Create(ZoneType.HomeManager, "Fuzz", Now);
    private readonly ECDsa _deviceKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly byte[] _operational;

    public MalformedCertificateTests()
    {
        using X509Certificate2 issued = _ca.IssueOperationalCertificate(DeviceCsr.Create(_deviceKey, "0123456789abcdef", 1, 2), Now);
        _operational = issued.RawData;
    }

    public void Dispose()
    {
        _ca.Dispose();
        _deviceKey.Dispose();
    }

    [Fact]
    public void The_untouched_certificates_pass_so_each_corruption_below_is_what_fails()
    {
        Assert.Null(Check(_operational, _ca.Certificate.RawData));
    }

    [Fact]
    public void A_zone_CA_whose_basic_constraints_do_not_decode_is_refused_with_a_reason()
    {
        // OID 2.5.29.19, critical TRUE, OCTET STRING and its length, then the SEQUENCE tag we break.
        byte[] ca = Patch(_ca.Certificate.RawData, [0x06, 0x03, 0x55, 0x1D, 0x13, 0x01, 0x01, 0xFF, 0x04], 1, 0x31);

        Assert.Contains("malformed", Check(_operational, ca), StringComparison.Ordinal);
    }

    [Fact]
    public void An_operational_certificate_whose_key_is_not_a_valid_point_encoding_is_refused_with_a_reason()
    {
        // BIT STRING of 66 bytes, no unused bits, then the point format byte 0x04 made 0x05.
        byte[] operational = Patch(_operational, [0x03, 0x42, 0x00], 0, 0x05);

        Assert.Contains("malformed", Check(operational, _ca.Certificate.RawData), StringComparison.Ordinal);
    }

    [Fact]
    public void An_operational_certificate_with_an_impossible_validity_date_is_refused_with_a_reason()
    {
        // The first UTCTime (notBefore, "YYMMDDhhmmssZ"): month 99.
        byte[] operational = Patch(_operational, [0x17, 0x0D], 2, (byte)'9', (byte)'9');

        Assert.Contains("malformed", Check(operational, _ca.Certificate.RawData), StringComparison.Ordinal);
    }

    [Fact]
    public void An_operational_certificate_with_a_negative_version_is_refused_with_a_reason()
    {
        // [0] EXPLICIT INTEGER 2 (v3) made -1.
        byte[] operational = Patch(_operational, [0xA0, 0x03, 0x02, 0x01], 0, 0xFF);

        Assert.NotNull(Check(operational, _ca.Certificate.RawData));
    }

    [Fact]
    public void A_CSR_signed_with_an_unknown_algorithm_is_a_certificate_request_error()
    {
        byte[] csr = DeviceCsr.Create(_deviceKey, "0123456789abcdef", 1, 2);

        // The last ecdsa-with-SHA256 OID (1.2.840.10045.4.3.2) is the signature algorithm: make it 1.2.840.10044.4.3.2.
        byte[] oid = [0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x02];
        int at = csr.AsSpan().LastIndexOf(oid);
        Assert.True(at > 0);
        csr[at + 6] = 0x3C;

        Assert.Throws<CertificateRequestException>(() => _ca.IssueOperationalCertificate(csr, Now));
    }

    private string? Check(byte[] operational, byte[] ca) =>
        OperationalCertificateCheck.Problem(operational, ca, _deviceKey.ExportSubjectPublicKeyInfo(), Now);

    /// <summary>Copy of <paramref name="der"/> with bytes replaced <paramref name="skip"/> bytes after the first match of <paramref name="marker"/>.</summary>
    private static byte[] Patch(byte[] der, byte[] marker, int skip, params byte[] replacement)
    {
        byte[] copy = (byte[])der.Clone();
        int at = copy.AsSpan().IndexOf(marker);
        Assert.True(at >= 0, "marker not found");
        replacement.CopyTo(copy, at + marker.Length + skip);
        return copy;
    }
}
