using System;
using System.Security.Cryptography;
using System.Text;
using Mash.Protocol.Onboarding;
using Org.BouncyCastle.Math;

namespace Mash.Protocol.Pase;

/// <summary>
/// The hash-based steps both roles share: password to (w0, w1), transcript hash, key split and
/// confirmation tags. Byte layouts follow the reference exactly; docs/spake2plus.md lists them.
/// </summary>
internal static class Spake2PlusKeySchedule
{
    public const int TranscriptHashLength = 32;
    public const int KeyLength = 32;

    private static readonly byte[] s_proverIdentity = Encoding.ASCII.GetBytes(Spake2Plus.ProverIdentity);
    private static readonly byte[] s_verifierIdentity = Encoding.ASCII.GetBytes(Spake2Plus.VerifierIdentity);
    private static readonly byte[] s_passwordInfo = Encoding.ASCII.GetBytes("SPAKE2+-P256-SHA256 w");
    private static readonly byte[] s_keyInfo = Encoding.ASCII.GetBytes("SPAKE2+-P256-SHA256");
    private static readonly byte[] s_clientLabel = Encoding.ASCII.GetBytes("client");
    private static readonly byte[] s_serverLabel = Encoding.ASCII.GetBytes("server");

    /// <summary>
    /// w0 || w1 = HKDF-SHA256(IKM = the 8 ASCII digits, salt = idA || idB, info "SPAKE2+-P256-SHA256 w"),
    /// each half reduced mod n. No password-hashing function: the reference uses none.
    /// </summary>
    public static (BigInteger W0, BigInteger W1) DeriveScalars(SetupCode code)
    {
        Span<byte> password = stackalloc byte[SetupCode.Digits];
        Span<byte> salt = stackalloc byte[s_proverIdentity.Length + s_verifierIdentity.Length];
        Span<byte> okm = stackalloc byte[2 * Spake2PlusGroup.ScalarLength];
        try
        {
            int written = Encoding.ASCII.GetBytes(code.ToString(), password);
            if (written != SetupCode.Digits)
            {
                throw new InvalidOperationException("a setup code always formats as 8 digits");
            }

            s_proverIdentity.CopyTo(salt);
            s_verifierIdentity.CopyTo(salt[s_proverIdentity.Length..]);
            HKDF.DeriveKey(HashAlgorithmName.SHA256, password, okm, salt, s_passwordInfo);

            BigInteger w0 = new BigInteger(1, okm[..Spake2PlusGroup.ScalarLength]).Mod(Spake2PlusGroup.Order);
            BigInteger w1 = new BigInteger(1, okm[Spake2PlusGroup.ScalarLength..]).Mod(Spake2PlusGroup.Order);
            if (w0.SignValue == 0 || w1.SignValue == 0)
            {
                // Probability about 2^-256; without this guard V or the blinding would vanish.
                throw new PaseException("the setup code derives a zero scalar");
            }

            return (w0, w1);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(password);
            CryptographicOperations.ZeroMemory(okm);
        }
    }

    /// <summary>
    /// TT = SHA-256(idA || idB || pA || pB || Z || V || w0), plain concatenation with w0 as minimal
    /// big-endian bytes; then sharedSecret || confirmKey = HKDF-SHA256(IKM = TT, no salt,
    /// info "SPAKE2+-P256-SHA256").
    /// </summary>
    public static void DeriveKeys(
        ReadOnlySpan<byte> pA,
        ReadOnlySpan<byte> pB,
        ReadOnlySpan<byte> z,
        ReadOnlySpan<byte> v,
        BigInteger w0,
        Span<byte> transcriptHash,
        Span<byte> sharedSecret,
        Span<byte> confirmKey)
    {
        byte[] w0Bytes = Spake2PlusGroup.ScalarToMinimal(w0);
        Span<byte> okm = stackalloc byte[2 * KeyLength];
        try
        {
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                hash.AppendData(s_proverIdentity);
                hash.AppendData(s_verifierIdentity);
                hash.AppendData(pA);
                hash.AppendData(pB);
                hash.AppendData(z);
                hash.AppendData(v);
                hash.AppendData(w0Bytes);
                hash.GetHashAndReset(transcriptHash);
            }

            HKDF.DeriveKey(HashAlgorithmName.SHA256, transcriptHash[..TranscriptHashLength], okm, ReadOnlySpan<byte>.Empty, s_keyInfo);
            okm[..KeyLength].CopyTo(sharedSecret);
            okm[KeyLength..].CopyTo(confirmKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(w0Bytes);
            CryptographicOperations.ZeroMemory(okm);
        }
    }

    /// <summary>cA = HMAC-SHA256(confirmKey, "client" || pA || pB).</summary>
    public static void ClientConfirmation(ReadOnlySpan<byte> confirmKey, ReadOnlySpan<byte> pA, ReadOnlySpan<byte> pB, Span<byte> destination) =>
        Mac(confirmKey, s_clientLabel, pA, pB, destination);

    /// <summary>cB = HMAC-SHA256(confirmKey, "server" || pB || pA): the same key, the shares swapped.</summary>
    public static void ServerConfirmation(ReadOnlySpan<byte> confirmKey, ReadOnlySpan<byte> pA, ReadOnlySpan<byte> pB, Span<byte> destination) =>
        Mac(confirmKey, s_serverLabel, pB, pA, destination);

    private static void Mac(ReadOnlySpan<byte> key, ReadOnlySpan<byte> label, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, Span<byte> destination)
    {
        using var mac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        mac.AppendData(label);
        mac.AppendData(first);
        mac.AppendData(second);
        mac.GetHashAndReset(destination);
    }
}
