using System;
using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC.Multiplier;
using Org.BouncyCastle.Utilities;
using Org.BouncyCastle.Utilities.Encoders;
using ECPoint = Org.BouncyCastle.Math.EC.ECPoint;

namespace Mash.Protocol.Pase;

/// <summary>
/// P-256 group operations for SPAKE2+: the only place BouncyCastle is used. Everything that comes
/// from the wire or from storage passes through <see cref="DecodeShare"/>, which is where invalid
/// points are turned away.
/// </summary>
internal static class Spake2PlusGroup
{
    public const int ScalarLength = 32;
    private const int CoordinateLength = 32;

    private static readonly X9ECParameters s_p256 = NistNamedCurves.GetByName("P-256");

    // The comb multiplier walks every scalar with the same sequence of table lookups and
    // additions, unlike the default wNAF multiplier whose work depends on the scalar's digits.
    // w0, w1, x and y are all secret, so every multiplication goes through it.
    private static readonly FixedPointCombMultiplier s_multiplier = new();

    public static BigInteger Order => s_p256.N;

    public static ECPoint Generator => s_p256.G;

    private static BigInteger FieldPrime => s_p256.Curve.Field.Characteristic;

    // RFC 9383 section 4, P-256: compressed M and N (seeds "1.2.840.10045.3.1.7 point generation
    // seed (M)" and "(N)"). The reference uses exactly these; the tests re-derive them.
    public static readonly ECPoint M = DecodeConstant("02886e2f97ace46e55ba9dd7242579f2993b64e16ef3dcab95afd497333d8fa12f");
    public static readonly ECPoint N = DecodeConstant("03d8bbd6c639c62937b04d997f38c3770719c629d7014d49a24b4f98baa1292b49");

    public static ECPoint Multiply(ECPoint point, BigInteger scalar) => s_multiplier.Multiply(point, scalar).Normalize();

    /// <summary>a + b·P, the shape of both public shares.</summary>
    public static ECPoint BlindedShare(BigInteger ephemeral, BigInteger w0, ECPoint blinding) =>
        Multiply(Generator, ephemeral).Add(Multiply(blinding, w0)).Normalize();

    /// <summary>share − w0·P: removes the peer's password blinding.</summary>
    public static ECPoint Unblind(ECPoint share, BigInteger w0, ECPoint blinding) =>
        share.Subtract(Multiply(blinding, w0)).Normalize();

    /// <summary>Uniform in [1, n): rejection sampling keeps it unbiased, and 0 is never useful.</summary>
    public static BigInteger RandomScalar()
    {
        Span<byte> buffer = stackalloc byte[ScalarLength];
        try
        {
            while (true)
            {
                RandomNumberGenerator.Fill(buffer);
                var candidate = new BigInteger(1, buffer);
                if (IsNonZeroScalar(candidate))
                {
                    return candidate;
                }
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }

    public static bool IsNonZeroScalar(BigInteger value) => value.SignValue > 0 && value.CompareTo(Order) < 0;

    /// <summary>A 32-byte big-endian scalar in [1, n), e.g. a fixed ephemeral for test vectors.</summary>
    public static BigInteger ParseScalar(ReadOnlySpan<byte> bytes, string name)
    {
        if (bytes.Length != ScalarLength)
        {
            throw new PaseException($"{name} must be a {ScalarLength}-byte scalar, got {bytes.Length} bytes");
        }

        var value = new BigInteger(1, bytes);
        if (!IsNonZeroScalar(value))
        {
            throw new PaseException($"{name} must be in [1, n) of P-256");
        }

        return value;
    }

    /// <summary>Big-endian, left-padded to 32 bytes.</summary>
    public static byte[] ScalarToFixed(BigInteger value) => BigIntegers.AsUnsignedByteArray(ScalarLength, value);

    /// <summary>Big-endian without leading zero bytes: the form the reference hashes into TT.</summary>
    public static byte[] ScalarToMinimal(BigInteger value) => value.ToByteArrayUnsigned();

    public static byte[] Encode(ECPoint point, string name)
    {
        if (point.IsInfinity)
        {
            throw new PaseException($"{name} is the identity element");
        }

        return point.Normalize().GetEncoded(false);
    }

    /// <summary>
    /// Accepts exactly 0x04 || X || Y with both coordinates below p and the point on P-256 (the
    /// cofactor is 1, so that also proves membership in the prime-order group). The reference
    /// accepts nothing else either, so compressed points are refused rather than decompressed.
    /// </summary>
    public static ECPoint DecodeShare(ReadOnlySpan<byte> encoded, string name)
    {
        if (encoded.Length != Spake2Plus.ShareLength)
        {
            if (encoded.Length == 1 + CoordinateLength && (encoded[0] == 0x02 || encoded[0] == 0x03))
            {
                throw new PaseException($"{name} is a compressed point; only the {Spake2Plus.ShareLength}-byte uncompressed form (0x04 || X || Y) is accepted");
            }

            throw new PaseException($"{name} must be a {Spake2Plus.ShareLength}-byte uncompressed P-256 point, got {encoded.Length} bytes");
        }

        if (encoded[0] != 0x04)
        {
            throw new PaseException($"{name} must start with 0x04 (uncompressed point), got 0x{encoded[0]:x2}");
        }

        ReadOnlySpan<byte> xBytes = encoded.Slice(1, CoordinateLength);
        ReadOnlySpan<byte> yBytes = encoded.Slice(1 + CoordinateLength, CoordinateLength);
        if (xBytes.IndexOfAnyExcept((byte)0) < 0 && yBytes.IndexOfAnyExcept((byte)0) < 0)
        {
            // (0, 0) is how some libraries (Go's crypto/elliptic among them) write the identity.
            throw new PaseException($"{name} encodes the identity element (point at infinity)");
        }

        var x = new BigInteger(1, xBytes);
        var y = new BigInteger(1, yBytes);
        if (x.CompareTo(FieldPrime) >= 0 || y.CompareTo(FieldPrime) >= 0)
        {
            throw new PaseException($"{name} has a coordinate outside the P-256 field");
        }

        ECPoint point = s_p256.Curve.CreatePoint(x, y);
        if (!point.IsValid())
        {
            throw new PaseException($"{name} is not a point on the P-256 curve");
        }

        return point;
    }

    private static ECPoint DecodeConstant(string compressedHex) => s_p256.Curve.DecodePoint(Hex.Decode(compressedHex)).Normalize();
}
