using System;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mash.Protocol.Certificates;

/// <summary>The issuing side of <see cref="MashCertificateProfile"/> (controller and host only).</summary>
public static partial class MashCertificateProfile
{
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
