using System;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mash.Protocol.Identity;
using Mash.Protocol.Onboarding;

namespace Mash.Device.Identity;

/// <summary>
/// Who this device is: its identity key and self-signed commissioning certificate (the device ID
/// derives from the key), and the onboarding values printed on its label.
/// </summary>
public sealed class DeviceIdentity : IDisposable
{
    public DeviceIdentity(X509Certificate2 certificate, Discriminator discriminator, SetupCode? setupCode, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (!certificate.HasPrivateKey)
        {
            throw new ArgumentException("the identity certificate must carry its private key", nameof(certificate));
        }

        Certificate = certificate;
        Discriminator = discriminator;
        SetupCode = setupCode;
        CreatedAt = createdAt;
        DeviceId = MashIds.DeviceIdFromSpki(certificate.PublicKey.ExportSubjectPublicKeyInfo());
    }

    /// <summary>16 lowercase hex digits from SHA-256 of the certificate's SPKI.</summary>
    public string DeviceId { get; }

    /// <summary>Self-signed commissioning certificate with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    public Discriminator Discriminator { get; }

    /// <summary>
    /// The label's setup code, kept only so the host build can print its label at start. A
    /// provisioned device that received just the SPAKE2+ verifier has none.
    /// </summary>
    public SetupCode? SetupCode { get; }

    public DateTimeOffset CreatedAt { get; }

    public QrPayload? QrPayload => SetupCode is { } code ? new QrPayload(Discriminator, code) : null;

    public string? ManualCode => SetupCode is { } code ? Mash.Protocol.Onboarding.ManualCode.Format(Discriminator, code) : null;

    /// <summary>Creates a fresh identity key and certificate.</summary>
    public static DeviceIdentity Create(Discriminator discriminator, SetupCode? setupCode, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        string deviceId = MashIds.DeviceIdFromSpki(key.ExportSubjectPublicKeyInfo());
        X509Certificate2 certificate = Mash.Protocol.Certificates.CommissioningCertificate.Create(key, deviceId, now);
        return new DeviceIdentity(certificate, discriminator, setupCode, now);
    }

    public void Dispose() => Certificate.Dispose();
}
