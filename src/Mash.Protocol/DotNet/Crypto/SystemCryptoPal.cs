using System;
using System.Security.Cryptography;
using Mash.Protocol.Crypto;

namespace Mash.Protocol.DotNet.Crypto;

/// <summary>
/// The host's <see cref="ICryptoPal"/>: SHA-256, HMAC-SHA256, HKDF-SHA256 and the operating
/// system's CSPRNG from System.Security.Cryptography. Stateless and thread-safe.
/// </summary>
public sealed class SystemCryptoPal : ICryptoPal
{
    /// <summary>The one instance host code passes to the core (the class has no state).</summary>
    public static readonly SystemCryptoPal Instance = new();

    public byte[] Sha256(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return SHA256.HashData(data);
    }

    public byte[] HmacSha256(byte[] key, byte[] message)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(message);
        return HMACSHA256.HashData(key, message);
    }

    public byte[] HkdfSha256(byte[] secret, byte[] salt, byte[] info, int length)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(salt);
        ArgumentNullException.ThrowIfNull(info);

        // An empty salt is HMAC-keyed with zero bytes, which RFC 5869 defines as HashLen zeros.
        return HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, length, salt, info);
    }

    public void FillRandom(byte[] buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        RandomNumberGenerator.Fill(buffer);
    }
}
