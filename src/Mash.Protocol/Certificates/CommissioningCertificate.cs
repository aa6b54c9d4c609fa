using System;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mash.Protocol.Certificates;

/// <summary>
/// The self-signed certificate a device presents while it has no operational certificate for the
/// connecting zone. PASE, not this certificate, authenticates commissioning; its key is the
/// device's identity key, so the device ID (derived from its SPKI) stays stable across restarts.
/// </summary>
public static class CommissioningCertificate
{
    /// <summary>Twenty years, the device-certificate lifetime in security.md; controllers do not check it.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(365 * 20);

    public static X509Certificate2 Create(ECDsa key, string deviceId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(key);
        var subject = new X500DistinguishedName($"CN=MASH Device {deviceId}, O=MASH");
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        byte[] serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // positive INTEGER
        DateTimeOffset notBefore = now.AddHours(-1);
        using X509Certificate2 unsigned = request.Create(subject, X509SignatureGenerator.CreateForECDsa(key), notBefore, notBefore + Lifetime, serial);
        return unsigned.CopyWithPrivateKey(key);
    }
}
