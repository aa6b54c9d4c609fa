using Mash.Protocol.Crypto;
using Mash.Protocol.Portable;

namespace Mash.Protocol.Identity;

/// <summary>
/// The 64-bit identifiers both ends derive, written as 16 lowercase hex digits as the reference
/// compares them (mDNS TXT ZI/DI, instance names).
/// </summary>
public static partial class MashIds
{
    public const int HexLength = 16;

    /// <summary>Device ID: the first 8 bytes of SHA-256 over the certificate's SubjectPublicKeyInfo DER.</summary>
    public static string DeviceIdFromSpki(ICryptoPal crypto, byte[] subjectPublicKeyInfo) => Truncated(crypto, subjectPublicKeyInfo);

    /// <summary>Zone ID as the reference derives it: the first 8 bytes of SHA-256 over the PASE shared secret.</summary>
    public static string ZoneIdFromSharedSecret(ICryptoPal crypto, byte[] sharedSecret) => Truncated(crypto, sharedSecret);

    public static bool IsValid(string? id)
    {
        if (id is null || id.Length != HexLength)
        {
            return false;
        }

        for (int i = 0; i < id.Length; i++)
        {
            char c = id[i];
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            {
                return false;
            }
        }

        return true;
    }

    private static string Truncated(ICryptoPal crypto, byte[] data)
    {
        byte[] hash = crypto.Sha256(data);
        string id = Hex.ToLower(hash, 0, HexLength / 2);
        Bytes.Clear(hash);
        return id;
    }
}
