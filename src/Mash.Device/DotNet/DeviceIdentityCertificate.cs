using System;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mash.Device.Identity;

/// <summary>The host's TLS stack wants the identity as a .NET certificate with its private key.</summary>
public static class DeviceIdentityCertificate
{
    /// <summary>A new <see cref="X509Certificate2"/> with the identity key; the caller disposes it.</summary>
    public static X509Certificate2 ToX509Certificate(this DeviceIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return WithKey(identity.CertificateDer, identity.Key.Pkcs8PrivateKey);
    }

    /// <summary>A certificate (DER) joined with its PKCS#8 private key, as SslStream needs it.</summary>
    public static X509Certificate2 WithKey(byte[] certificateDer, byte[] pkcs8PrivateKey)
    {
        using var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(pkcs8PrivateKey, out _);
        using X509Certificate2 publicOnly = X509CertificateLoader.LoadCertificate(certificateDer);
        return publicOnly.CopyWithPrivateKey(key);
    }
}
