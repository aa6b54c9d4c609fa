using System;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mash.Protocol.Onboarding;
using Mash.Protocol.Wire;

namespace Mash.Device.Identity;

/// <summary>
/// The flash encoding of <see cref="DeviceIdentity"/>: one CBOR map in one record, so the key,
/// certificate and onboarding values are written together or not at all.
/// {1: format 1, 2: PKCS#8 private key, 3: certificate DER, 4: discriminator, 5: setup code (optional), 6: created (unix seconds)}.
/// </summary>
public static class IdentityRecord
{
    public const string Key = "identity";
    private const int FormatVersion = 1;

    public static byte[] Encode(DeviceIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        using ECDsa key = identity.Certificate.GetECDsaPrivateKey()
            ?? throw new InvalidOperationException("identity certificate has no ECDSA private key");
        var writer = new CborWriter();
        writer.WriteStartMap(identity.SetupCode is null ? 5 : 6);
        writer.WriteInt32(1);
        writer.WriteInt32(FormatVersion);
        writer.WriteInt32(2);
        writer.WriteByteString(key.ExportPkcs8PrivateKey());
        writer.WriteInt32(3);
        writer.WriteByteString(identity.Certificate.RawData);
        writer.WriteInt32(4);
        writer.WriteInt32(identity.Discriminator.Value);
        if (identity.SetupCode is { } code)
        {
            writer.WriteInt32(5);
            writer.WriteInt32(code.Value);
        }

        writer.WriteInt32(6);
        writer.WriteInt64(identity.CreatedAt.ToUnixTimeSeconds());
        writer.WriteEndMap();
        return writer.Encode();
    }

    /// <summary>Decodes a record; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static DeviceIdentity Decode(ReadOnlySpan<byte> data)
    {
        try
        {
            var reader = new CborReader(data.ToArray());
            int? format = null;
            byte[]? pkcs8 = null;
            byte[]? der = null;
            int? discriminator = null;
            int? setupCode = null;
            long created = 0;
            int count = reader.ReadStartMap();
            for (int i = 0; count < 0 || i < count; i++)
            {
                if (reader.PeekState() == CborReaderState.EndMap)
                {
                    break;
                }

                switch (reader.ReadInt32())
                {
                    case 1: format = reader.ReadInt32(); break;
                    case 2: pkcs8 = reader.ReadByteString(); break;
                    case 3: der = reader.ReadByteString(); break;
                    case 4: discriminator = reader.ReadInt32(); break;
                    case 5: setupCode = reader.ReadInt32(); break;
                    case 6: created = reader.ReadInt64(); break;
                    default: reader.SkipValue(); break;
                }
            }

            reader.ReadEndMap();
            if (format != FormatVersion)
            {
                throw new FormatException($"identity record format {format?.ToString() ?? "missing"} is not {FormatVersion}");
            }

            if (pkcs8 is null || der is null || discriminator is null)
            {
                throw new FormatException("identity record lacks its key, certificate or discriminator");
            }

            using var key = ECDsa.Create();
            key.ImportPkcs8PrivateKey(pkcs8, out _);
            using X509Certificate2 publicOnly = X509CertificateLoader.LoadCertificate(der);
            X509Certificate2 certificate = publicOnly.CopyWithPrivateKey(key);
            return new DeviceIdentity(
                certificate,
                new Discriminator(discriminator.Value),
                setupCode is null ? null : new SetupCode(setupCode.Value),
                DateTimeOffset.FromUnixTimeSeconds(created));
        }
        catch (Exception ex) when (ex is CborContentException or InvalidOperationException or CryptographicException or OnboardingFormatException or ArgumentException)
        {
            throw new FormatException($"identity record is damaged: {ex.Message}", ex);
        }
    }
}
