namespace Mash.Protocol.Crypto;

/// <summary>
/// The hash, MAC, key-derivation and randomness primitives the firmware core needs, over byte
/// arrays only (modelled on the Matter SDK's CryptoPAL). The host implements it with
/// System.Security.Cryptography (<c>Mash.Protocol.DotNet.Crypto.SystemCryptoPal</c>); the ESP32
/// with mbedTLS and the hardware RNG. Every method returns a new array the caller owns, and never
/// keeps a reference to an argument.
/// </summary>
public interface ICryptoPal
{
    /// <summary>SHA-256 of <paramref name="data"/>: 32 bytes.</summary>
    byte[] Sha256(byte[] data);

    /// <summary>HMAC-SHA256 (RFC 2104) of <paramref name="message"/> under <paramref name="key"/>: 32 bytes.</summary>
    byte[] HmacSha256(byte[] key, byte[] message);

    /// <summary>
    /// HKDF-SHA256 (RFC 5869), extract then expand, <paramref name="length"/> bytes of output
    /// (at most 255·32). An empty <paramref name="salt"/> means the RFC's default salt (32 zero bytes).
    /// </summary>
    byte[] HkdfSha256(byte[] secret, byte[] salt, byte[] info, int length);

    /// <summary>Fills <paramref name="buffer"/> with cryptographically strong random bytes.</summary>
    void FillRandom(byte[] buffer);
}
