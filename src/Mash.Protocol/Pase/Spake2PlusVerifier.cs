using System;
using Mash.Protocol.Onboarding;
using Org.BouncyCastle.Math;
using ECPoint = Org.BouncyCastle.Math.EC.ECPoint;

namespace Mash.Protocol.Pase;

/// <summary>
/// What the device keeps instead of the setup code: w0 and L = w1·G. Enough to run the verifier
/// role, not enough to act as a prover. Persist it with <see cref="Encode"/>; treat the bytes as
/// secret (w0 alone allows an offline search over the 10^8 codes).
/// </summary>
public sealed class Spake2PlusVerifier
{
    /// <summary>32-byte big-endian w0 followed by the 65-byte uncompressed L.</summary>
    public const int EncodedLength = Spake2PlusGroup.ScalarLength + Spake2Plus.ShareLength;

    internal Spake2PlusVerifier(BigInteger w0, ECPoint l)
    {
        W0 = w0;
        L = l;
    }

    internal BigInteger W0 { get; }

    internal ECPoint L { get; }

    /// <summary>Registration: derives w0 and w1 from the code and keeps w0 and L = w1·G.</summary>
    public static Spake2PlusVerifier Derive(SetupCode code)
    {
        (BigInteger w0, BigInteger w1) = Spake2PlusKeySchedule.DeriveScalars(code);
        return FromScalars(w0, w1);
    }

    internal static Spake2PlusVerifier FromScalars(BigInteger w0, BigInteger w1) =>
        new(w0, Spake2PlusGroup.Multiply(Spake2PlusGroup.Generator, w1));

    public byte[] Encode()
    {
        var encoded = new byte[EncodedLength];
        byte[] w0 = Spake2PlusGroup.ScalarToFixed(W0);
        w0.CopyTo(encoded, 0);
        Array.Clear(w0);
        Spake2PlusGroup.Encode(L, "L").CopyTo(encoded, Spake2PlusGroup.ScalarLength);
        return encoded;
    }

    /// <summary>
    /// Reads what <see cref="Encode"/> wrote, refusing anything that could not have come from a
    /// real registration: w0 must be in [1, n) and L a valid point other than the identity.
    /// </summary>
    public static Spake2PlusVerifier Decode(ReadOnlySpan<byte> encoded)
    {
        if (encoded.Length != EncodedLength)
        {
            throw new PaseException($"a stored verifier must be {EncodedLength} bytes, got {encoded.Length}");
        }

        BigInteger w0 = Spake2PlusGroup.ParseScalar(encoded[..Spake2PlusGroup.ScalarLength], "stored w0");
        ECPoint l = Spake2PlusGroup.DecodeShare(encoded[Spake2PlusGroup.ScalarLength..], "stored L");
        return new Spake2PlusVerifier(w0, l);
    }

    public override string ToString() => nameof(Spake2PlusVerifier);
}
