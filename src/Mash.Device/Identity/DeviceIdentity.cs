using System;
using Mash.Protocol.Certificates;
using Mash.Protocol.Crypto;
using Mash.Protocol.Identity;
using Mash.Protocol.Onboarding;
using Mash.Protocol.Portable;

namespace Mash.Device.Identity;

/// <summary>
/// Who this device is: its identity key and self-signed commissioning certificate (the device ID
/// derives from the key), and the onboarding values printed on its label. The host turns the DER
/// and key into a TLS certificate (DeviceIdentityCertificate.ToX509Certificate in Mash.Device/DotNet).
/// </summary>
public sealed class DeviceIdentity : IDisposable
{
    /// <exception cref="ArgumentException">The certificate does not decode or does not carry <paramref name="key"/>'s public key.</exception>
    public DeviceIdentity(ICryptoPal crypto, IX509 x509, byte[] certificateDer, EcKeyPair key, Discriminator discriminator, bool hasSetupCode, SetupCode? setupCode, DateTime createdAt)
    {
        if (crypto == null)
        {
            throw new ArgumentNullException(nameof(crypto));
        }

        if (x509 == null)
        {
            throw new ArgumentNullException(nameof(x509));
        }

        if (certificateDer == null)
        {
            throw new ArgumentNullException(nameof(certificateDer));
        }

        if (key == null)
        {
            throw new ArgumentNullException(nameof(key));
        }

        X509Info? certificate = x509.Parse(certificateDer, out string? problem);
        if (certificate == null)
        {
            throw new ArgumentException("the identity certificate cannot be read: " + problem, nameof(certificateDer));
        }

        if (!Bytes.AreEqual(certificate.SubjectPublicKeyInfo, key.SubjectPublicKeyInfo))
        {
            throw new ArgumentException("the identity key does not belong to the identity certificate", nameof(key));
        }

        CertificateDer = certificateDer;
        Key = key;
        Discriminator = discriminator;
        HasSetupCode = hasSetupCode;
        _setupCode = setupCode;
        CreatedAt = createdAt;
        DeviceId = MashIds.DeviceIdFromSpki(crypto, key.SubjectPublicKeyInfo);
    }

    /// <summary>16 lowercase hex digits from SHA-256 of the certificate's SPKI.</summary>
    public string DeviceId { get; }

    /// <summary>Self-signed commissioning certificate, DER.</summary>
    public byte[] CertificateDer { get; }

    /// <summary>The identity key pair (the certificate's key). Secret.</summary>
    public EcKeyPair Key { get; }

    public Discriminator Discriminator { get; }

    /// <summary>
    /// Whether the label's setup code is known. It is kept only so the host build can print its
    /// label at start; a provisioned device that received just the SPAKE2+ verifier has none.
    /// </summary>
    public bool HasSetupCode { get; }

    /// <summary>The label's setup code; meaningful only when <see cref="HasSetupCode"/>.</summary>
    public SetupCode SetupCode => _setupCode ?? throw new InvalidOperationException("this device has no setup code on its label");

    private readonly SetupCode? _setupCode;

    public DateTime CreatedAt { get; }

    public QrPayload? QrPayload => HasSetupCode ? new QrPayload(Discriminator, SetupCode) : null;

    public string? ManualCode => HasSetupCode ? Mash.Protocol.Onboarding.ManualCode.Format(Discriminator, SetupCode) : null;

    /// <summary>Creates a fresh identity key and certificate.</summary>
    public static DeviceIdentity Create(ICryptoPal crypto, IX509 x509, Discriminator discriminator, bool hasSetupCode, SetupCode? setupCode, DateTime now)
    {
        if (x509 == null)
        {
            throw new ArgumentNullException(nameof(x509));
        }

        EcKeyPair key = x509.GenerateP256KeyPair();
        string deviceId = MashIds.DeviceIdFromSpki(crypto, key.SubjectPublicKeyInfo);
        byte[] certificate = CommissioningCertificate.Create(x509, key, deviceId, now);
        return new DeviceIdentity(crypto, x509, certificate, key, discriminator, hasSetupCode, setupCode, now);
    }

    /// <summary>The same identity with other label values (same key, so the same device ID).</summary>
    public DeviceIdentity WithLabel(ICryptoPal crypto, IX509 x509, Discriminator discriminator, bool hasSetupCode, SetupCode? setupCode) =>
        new(crypto, x509, CertificateDer, Key, discriminator, hasSetupCode, setupCode, CreatedAt);

    /// <summary>Wipes the private key bytes.</summary>
    public void Dispose() => Key.Dispose();
}
