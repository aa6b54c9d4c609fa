using Mash.Protocol.Crypto;
using Mash.Protocol.Portable;

namespace Mash.Protocol.Pase;

/// <summary>
/// The SPAKE2+ view of the P-256 group: the constants G, M and N, the validation of every point
/// that comes from the wire or from storage (<see cref="DecodeShare"/>, where invalid points are
/// turned away with a specific message), and the two share shapes. The arithmetic itself is the
/// <see cref="ISpake2pGroup"/> seam; scalars are 32-byte big-endian arrays, points 65-byte
/// uncompressed arrays.
/// </summary>
internal static class Spake2PlusGroup
{
    public const int ScalarLength = 32;
    private const int CoordinateLength = 32;

    /// <summary>The P-256 generator, uncompressed.</summary>
    public static readonly byte[] Generator = Hex.Parse(
        "046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296" +
        "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5");

    // RFC 9383 section 4, P-256 (seeds "1.2.840.10045.3.1.7 point generation seed (M)" and "(N)";
    // compressed 02886e2f...a12f and 03d8bbd6...2b49). The reference uses exactly these; the tests
    // re-derive them.
    public static readonly byte[] M = Hex.Parse(
        "04886e2f97ace46e55ba9dd7242579f2993b64e16ef3dcab95afd497333d8fa12f" +
        "5ff355163e43ce224e0b0e65ff02ac8e5c7be09419c785e0ca547d55a12e2d20");

    public static readonly byte[] N = Hex.Parse(
        "04d8bbd6c639c62937b04d997f38c3770719c629d7014d49a24b4f98baa1292b49" +
        "07d60aa6bfade45008a636337f5168c64d9bd36034808cd564490b1e656edbe7");

    // p of P-256, for the "coordinate outside the field" message; the seam checks it again.
    private static readonly byte[] s_fieldPrime = Hex.Parse("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff");

    /// <summary>a·G + w0·P, the shape of both public shares.</summary>
    public static byte[] BlindedShare(ISpake2pGroup group, byte[] ephemeral, byte[] w0, byte[] blinding) =>
        group.PointAddMul(Generator, ephemeral, blinding, w0);

    /// <summary>share − w0·P: removes the peer's password blinding (may be the identity).</summary>
    public static byte[] Unblind(ISpake2pGroup group, byte[] share, byte[] w0, byte[] blinding) =>
        group.PointAdd(share, group.PointInvert(group.PointMul(blinding, w0)));

    /// <summary>Uniform in [1, n): rejection sampling keeps it unbiased, and 0 is never useful.</summary>
    public static byte[] RandomScalar(ICryptoPal crypto, ISpake2pGroup group)
    {
        while (true)
        {
            byte[] candidate = new byte[ScalarLength];
            crypto.FillRandom(candidate);
            if (group.ScalarIsValid(candidate))
            {
                return candidate;
            }

            Bytes.Clear(candidate);
        }
    }

    /// <summary>A 32-byte big-endian scalar in [1, n), e.g. a fixed ephemeral for test vectors; returns a copy.</summary>
    public static byte[] ParseScalar(ISpake2pGroup group, byte[]? bytes, string name)
    {
        if (bytes is null || bytes.Length != ScalarLength)
        {
            throw new PaseException($"{name} must be a {ScalarLength}-byte scalar, got {(bytes is null ? 0 : bytes.Length)} bytes");
        }

        if (!group.ScalarIsValid(bytes))
        {
            throw new PaseException($"{name} must be in [1, n) of P-256");
        }

        return Bytes.Copy(bytes);
    }

    /// <summary>Big-endian without leading zero bytes: the form the reference hashes into TT.</summary>
    public static byte[] ScalarToMinimal(byte[] scalar)
    {
        int start = 0;
        while (start < scalar.Length && scalar[start] == 0)
        {
            start++;
        }

        return Bytes.Slice(scalar, start, scalar.Length - start);
    }

    /// <summary>A result point as the protocol sends or hashes it; the identity is never one of those.</summary>
    public static byte[] RequireNotIdentity(ISpake2pGroup group, byte[] point, string name)
    {
        if (group.PointIsIdentity(point))
        {
            throw new PaseException($"{name} is the identity element");
        }

        return point;
    }

    /// <summary>
    /// Accepts exactly 0x04 || X || Y with both coordinates below p and the point on P-256 (the
    /// cofactor is 1, so that also proves membership in the prime-order group). The reference
    /// accepts nothing else either, so compressed points are refused rather than decompressed.
    /// Returns a copy of the accepted bytes.
    /// </summary>
    public static byte[] DecodeShare(ISpake2pGroup group, byte[]? encoded, string name)
    {
        if (encoded is null)
        {
            encoded = Bytes.Empty;
        }

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
            throw new PaseException($"{name} must start with 0x04 (uncompressed point), got 0x{Hex.ToLower(encoded, 0, 1)}");
        }

        bool allZero = true;
        for (int i = 1; i < encoded.Length; i++)
        {
            if (encoded[i] != 0)
            {
                allZero = false;
                break;
            }
        }

        if (allZero)
        {
            // (0, 0) is how some libraries (Go's crypto/elliptic among them) write the identity.
            throw new PaseException($"{name} encodes the identity element (point at infinity)");
        }

        if (!BelowFieldPrime(encoded, 1) || !BelowFieldPrime(encoded, 1 + CoordinateLength))
        {
            throw new PaseException($"{name} has a coordinate outside the P-256 field");
        }

        if (!group.PointIsValid(encoded))
        {
            throw new PaseException($"{name} is not a point on the P-256 curve");
        }

        return Bytes.Copy(encoded);
    }

    private static bool BelowFieldPrime(byte[] encoded, int offset)
    {
        for (int i = 0; i < CoordinateLength; i++)
        {
            int a = encoded[offset + i];
            int b = s_fieldPrime[i];
            if (a != b)
            {
                return a < b;
            }
        }

        return false; // equal to p
    }
}
