using System;
using Mash.Protocol.Crypto;
using Mash.Protocol.Onboarding;
using Mash.Protocol.Portable;

namespace Mash.Protocol.Pase;

/// <summary>
/// The hash-based steps both roles share: password to (w0, w1), transcript hash, key split and
/// confirmation tags. Byte layouts follow the reference exactly; docs/spake2plus.md lists them.
/// </summary>
internal static class Spake2PlusKeySchedule
{
    public const int TranscriptHashLength = 32;
    public const int KeyLength = 32;

    private static readonly byte[] s_proverIdentity = Utf8.GetBytes(Spake2Plus.ProverIdentity);
    private static readonly byte[] s_verifierIdentity = Utf8.GetBytes(Spake2Plus.VerifierIdentity);
    private static readonly byte[] s_passwordInfo = Utf8.GetBytes("SPAKE2+-P256-SHA256 w");
    private static readonly byte[] s_keyInfo = Utf8.GetBytes("SPAKE2+-P256-SHA256");
    private static readonly byte[] s_clientLabel = Utf8.GetBytes("client");
    private static readonly byte[] s_serverLabel = Utf8.GetBytes("server");

    /// <summary>
    /// w0 || w1 = HKDF-SHA256(IKM = the 8 ASCII digits, salt = idA || idB, info "SPAKE2+-P256-SHA256 w"),
    /// each half reduced mod n (32-byte big-endian results). No password-hashing function: the
    /// reference uses none.
    /// </summary>
    public static void DeriveScalars(ICryptoPal crypto, ISpake2pGroup group, SetupCode code, out byte[] w0, out byte[] w1)
    {
        byte[] password = Utf8.GetBytes(code.ToString());
        byte[]? okm = null;
        byte[]? half0 = null;
        byte[]? half1 = null;
        try
        {
            if (password.Length != SetupCode.Digits)
            {
                throw new InvalidOperationException("a setup code always formats as 8 digits");
            }

            okm = crypto.HkdfSha256(password, Bytes.Concat(s_proverIdentity, s_verifierIdentity), s_passwordInfo, 2 * Spake2PlusGroup.ScalarLength);
            half0 = Bytes.Slice(okm, 0, Spake2PlusGroup.ScalarLength);
            half1 = Bytes.Slice(okm, Spake2PlusGroup.ScalarLength, Spake2PlusGroup.ScalarLength);
            w0 = group.ScalarReduce(half0);
            w1 = group.ScalarReduce(half1);
            if (!group.ScalarIsValid(w0) || !group.ScalarIsValid(w1))
            {
                // Probability about 2^-256; without this guard V or the blinding would vanish.
                Bytes.Clear(w0);
                Bytes.Clear(w1);
                throw new PaseException("the setup code derives a zero scalar");
            }
        }
        finally
        {
            Bytes.Clear(password);
            Clear(okm);
            Clear(half0);
            Clear(half1);
        }
    }

    /// <summary>
    /// TT = SHA-256(idA || idB || pA || pB || Z || V || w0), plain concatenation with w0 as minimal
    /// big-endian bytes; then sharedSecret || confirmKey = HKDF-SHA256(IKM = TT, no salt,
    /// info "SPAKE2+-P256-SHA256"). Fills the three destination arrays.
    /// </summary>
    public static void DeriveKeys(
        ICryptoPal crypto,
        byte[] pA,
        byte[] pB,
        byte[] z,
        byte[] v,
        byte[] w0,
        byte[] transcriptHash,
        byte[] sharedSecret,
        byte[] confirmKey)
    {
        byte[] w0Bytes = Spake2PlusGroup.ScalarToMinimal(w0);
        byte[] transcript = Join(s_proverIdentity, s_verifierIdentity, pA, pB, z, v, w0Bytes);
        byte[]? hash = null;
        byte[]? okm = null;
        try
        {
            hash = crypto.Sha256(transcript);
            Array.Copy(hash, 0, transcriptHash, 0, TranscriptHashLength);
            okm = crypto.HkdfSha256(hash, Bytes.Empty, s_keyInfo, 2 * KeyLength);
            Array.Copy(okm, 0, sharedSecret, 0, KeyLength);
            Array.Copy(okm, KeyLength, confirmKey, 0, KeyLength);
        }
        finally
        {
            Bytes.Clear(w0Bytes);
            Bytes.Clear(transcript);
            Clear(hash);
            Clear(okm);
        }
    }

    /// <summary>cA = HMAC-SHA256(confirmKey, "client" || pA || pB).</summary>
    public static byte[] ClientConfirmation(ICryptoPal crypto, byte[] confirmKey, byte[] pA, byte[] pB) =>
        crypto.HmacSha256(confirmKey, Join(s_clientLabel, pA, pB));

    /// <summary>cB = HMAC-SHA256(confirmKey, "server" || pB || pA): the same key, the shares swapped.</summary>
    public static byte[] ServerConfirmation(ICryptoPal crypto, byte[] confirmKey, byte[] pA, byte[] pB) =>
        crypto.HmacSha256(confirmKey, Join(s_serverLabel, pB, pA));

    public static void Clear(byte[]? buffer)
    {
        if (buffer is not null)
        {
            Bytes.Clear(buffer);
        }
    }

    private static byte[] Join(params byte[][] parts)
    {
        int length = 0;
        foreach (byte[] part in parts)
        {
            length += part.Length;
        }

        byte[] all = new byte[length];
        int at = 0;
        foreach (byte[] part in parts)
        {
            Array.Copy(part, 0, all, at, part.Length);
            at += part.Length;
        }

        return all;
    }
}
