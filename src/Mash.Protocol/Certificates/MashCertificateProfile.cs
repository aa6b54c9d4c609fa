using System;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mash.Protocol.Certificates;

/// <summary>
/// What every MASH zone certificate shares (reference pkg/cert/generate.go): ECDSA P-256 with
/// SHA-256, key identifiers from SHA-256 over the SubjectPublicKeyInfo, random positive serials.
/// The device uses the same checks on what it is given as the controller uses when issuing.
/// </summary>
public static class MashCertificateProfile
{
    /// <summary>Operational certificates (device and controller) live a year.</summary>
    public static readonly TimeSpan OperationalLifetime = TimeSpan.FromDays(365);

    /// <summary>Zone CAs live twenty years so devices need not be re-commissioned in their lifetime.</summary>
    public static readonly TimeSpan ZoneCaLifetime = TimeSpan.FromDays(365 * 20);

    /// <summary>NotBefore is set this far back, so a device whose clock is a little behind still accepts the certificate.</summary>
    public static readonly TimeSpan ClockSkewAllowance = TimeSpan.FromMinutes(5);

    /// <summary>id-kp-serverAuth.</summary>
    public const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";

    /// <summary>id-kp-clientAuth.</summary>
    public const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    /// <summary>id-ecPublicKey.</summary>
    public const string EcPublicKeyOid = "1.2.840.10045.2.1";

    /// <summary>The named curve P-256 (secp256r1, prime256v1).</summary>
    public const string P256Oid = "1.2.840.10045.3.1.7";

    public const int KeyIdentifierLength = 20;

    /// <summary>SHA-256 over the SubjectPublicKeyInfo DER, first 20 bytes, as the reference computes SKI and AKI.</summary>
    public static byte[] KeyIdentifier(PublicKey publicKey)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(publicKey.ExportSubjectPublicKeyInfo(), hash);
        return hash[..KeyIdentifierLength].ToArray();
    }

    /// <summary>True when the key is an EC key on the named curve P-256.</summary>
    public static bool IsP256(PublicKey publicKey)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        if (publicKey.Oid.Value != EcPublicKeyOid || publicKey.EncodedParameters?.RawData is not { Length: > 2 } parameters)
        {
            return false;
        }

        // The parameters of a named curve are just the curve OID.
        try
        {
            return new Oid(System.Formats.Asn1.AsnDecoder.ReadObjectIdentifier(parameters, System.Formats.Asn1.AsnEncodingRules.DER, out int consumed))
                .Value == P256Oid && consumed == parameters.Length;
        }
        catch (System.Formats.Asn1.AsnContentException)
        {
            return false;
        }
    }

    /// <summary>16 random bytes, positive and with a non-zero first byte so the DER INTEGER keeps all 16.</summary>
    public static byte[] NewSerialNumber()
    {
        byte[] serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x01);
        return serial;
    }

    /// <summary>The extensions of an end-entity (operational) certificate issued by a Zone CA.</summary>
    internal static void AddEndEntityExtensions(CertificateRequest request, byte[] authorityKeyIdentifier)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(ClientAuthOid), new Oid(ServerAuthOid)], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(KeyIdentifier(request.PublicKey), false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(authorityKeyIdentifier));
    }
}
