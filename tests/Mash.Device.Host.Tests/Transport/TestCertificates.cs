using System;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mash.Device.Host.Tests.Transport;

/// <summary>Certificates made in the test, shaped like the reference's Zone CA and controller certificates.</summary>
internal static class TestCertificates
{
    public static X509Certificate2 SelfSignedServer(string name = "MASH Device test")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddYears(1));
    }

    public static X509Certificate2 ZoneCa(string name = "MASH Zone CA - test")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}, O=MASH Zone", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(20));
    }

    /// <summary>
    /// A controller certificate signed by <paramref name="ca"/>; the defaults fit the profile
    /// (P-256, CA:FALSE, clientAuth), the other arguments break one rule at a time.
    /// </summary>
    public static X509Certificate2 Controller(
        X509Certificate2 ca,
        DateTimeOffset? notBefore = null,
        DateTimeOffset? notAfter = null,
        bool clientAuth = true,
        bool? certificateAuthority = false,
        ECCurve? curve = null,
        bool extendedKeyUsage = true,
        string? caIssuersUrl = null)
    {
        using var key = ECDsa.Create(curve ?? ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=controller-test, O=MASH Controller", key, HashAlgorithmName.SHA256);
        if (certificateAuthority is { } isCa)
        {
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(isCa, isCa, 0, true));
        }

        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        if (extendedKeyUsage)
        {
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
                clientAuth ? [new Oid("1.3.6.1.5.5.7.3.2"), new Oid("1.3.6.1.5.5.7.3.1")] : [new Oid("1.3.6.1.5.5.7.3.1")], false));
        }

        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        if (caIssuersUrl is not null)
        {
            request.CertificateExtensions.Add(new X509AuthorityInformationAccessExtension(null, [caIssuersUrl]));
        }

        byte[] serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        DateTimeOffset from = notBefore ?? DateTimeOffset.UtcNow.AddMinutes(-5);
        DateTimeOffset to = notAfter ?? DateTimeOffset.UtcNow.AddYears(1);
        using X509Certificate2 issued = request.Create(ca, from, to, serial);
        return issued.CopyWithPrivateKey(key);
    }
}
