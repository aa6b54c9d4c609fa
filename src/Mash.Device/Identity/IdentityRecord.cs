using System;
using Mash.Protocol.Crypto;
using Mash.Protocol.Onboarding;
using Mash.Protocol.Portable;
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

    /// <summary>A field the record does not carry (no valid value is negative).</summary>
    private const int Missing = int.MinValue;

    public static byte[] Encode(DeviceIdentity identity)
    {
        if (identity == null)
        {
            throw new ArgumentNullException(nameof(identity));
        }

        var writer = new CborWriter();
        writer.WriteStartMap(identity.HasSetupCode ? 6 : 5);
        writer.WriteInt32(1);
        writer.WriteInt32(FormatVersion);
        writer.WriteInt32(2);
        writer.WriteByteString(identity.Key.Pkcs8PrivateKey);
        writer.WriteInt32(3);
        writer.WriteByteString(identity.CertificateDer);
        writer.WriteInt32(4);
        writer.WriteInt32(identity.Discriminator.Value);
        if (identity.HasSetupCode)
        {
            writer.WriteInt32(5);
            writer.WriteInt32(identity.SetupCode.Value);
        }

        writer.WriteInt32(6);
        writer.WriteInt64(UnixSeconds.FromDateTime(identity.CreatedAt));
        writer.WriteEndMap();
        return writer.Encode();
    }

    /// <summary>Decodes a record; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static DeviceIdentity Decode(byte[] data, ICryptoPal crypto, IX509 x509)
    {
        if (x509 == null)
        {
            throw new ArgumentNullException(nameof(x509));
        }

        try
        {
            var reader = new CborReader(data);
            int format = Missing;
            byte[]? pkcs8 = null;
            byte[]? der = null;
            int discriminator = Missing;
            int setupCode = Missing;
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
                throw new FormatException($"identity record format {(format == Missing ? "missing" : format.ToString())} is not {FormatVersion}");
            }

            if (pkcs8 is null || der is null || discriminator == Missing)
            {
                throw new FormatException("identity record lacks its key, certificate or discriminator");
            }

            EcKeyPair key = x509.ImportP256KeyPair(pkcs8)
                ?? throw new FormatException("identity record is damaged: its private key is not an ECDSA P-256 key");
            return new DeviceIdentity(
                crypto,
                x509,
                der,
                key,
                new Discriminator(discriminator),
                setupCode != Missing,
                setupCode == Missing ? null : new SetupCode(setupCode),
                UnixSeconds.ToDateTime(created));
        }
        catch (Exception ex) when (ex is CborContentException or InvalidOperationException or OnboardingFormatException or ArgumentException)
        {
            throw new FormatException($"identity record is damaged: {ex.Message}", ex);
        }
    }
}
