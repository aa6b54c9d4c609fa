using System;
using System.Security.Cryptography;

namespace Mash.Protocol.Identity;

/// <summary>
/// The 64-bit identifiers both ends derive, written as 16 lowercase hex digits as the reference
/// compares them (mDNS TXT ZI/DI, instance names).
/// </summary>
public static class MashIds
{
    public const int HexLength = 16;

    /// <summary>Device ID: the first 8 bytes of SHA-256 over the certificate's SubjectPublicKeyInfo DER.</summary>
    public static string DeviceIdFromSpki(ReadOnlySpan<byte> subjectPublicKeyInfo) => Truncated(subjectPublicKeyInfo);

    /// <summary>Zone ID as the reference derives it: the first 8 bytes of SHA-256 over the PASE shared secret.</summary>
    public static string ZoneIdFromSharedSecret(ReadOnlySpan<byte> sharedSecret) => Truncated(sharedSecret);

    public static bool IsValid(string? id)
    {
        if (id is null || id.Length != HexLength)
        {
            return false;
        }

        foreach (char c in id)
        {
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            {
                return false;
            }
        }

        return true;
    }

    private static string Truncated(ReadOnlySpan<byte> data)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(data, hash);
        return Convert.ToHexStringLower(hash[..8]);
    }
}
