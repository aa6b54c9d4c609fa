using System;
using System.Diagnostics.CodeAnalysis;
using Mash.Protocol.Crypto;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC.Multiplier;
using Org.BouncyCastle.Utilities;
using ECPoint = Org.BouncyCastle.Math.EC.ECPoint;

namespace Mash.Protocol.Tests.Crypto;

/// <summary>
/// An independent <see cref="ISpake2pGroup"/> in managed code (BouncyCastle's P-256), kept in the
/// tests to check <c>OpenSslP256Group</c> against: it was the host's group until that replaced it
/// (about 10x slower). Stateless apart from precomputed tables, and thread-safe.
/// </summary>
internal sealed class BouncyCastleP256Group : ISpake2pGroup
{
    /// <summary>The one instance host code passes to the core.</summary>
    public static readonly BouncyCastleP256Group Instance = new();

    private const int ScalarLength = 32;
    private const int CoordinateLength = 32;
    private const int PointLength = 1 + (2 * CoordinateLength);

    private static readonly X9ECParameters s_p256 = NistNamedCurves.GetByName("P-256");

    // The comb multiplier walks every scalar with the same sequence of table lookups and
    // additions, unlike the default wNAF multiplier whose work depends on the scalar's digits.
    // Scalars here are secrets (w0, w1, x, y), so every multiplication goes through it.
    private static readonly FixedPointCombMultiplier s_multiplier = new();

    // The comb keeps its precomputed table on the ECPoint instance. The core passes G and the
    // SPAKE2+ constants M and N (RFC 9383 section 4) as bytes on every call, so those decode to
    // the same instances and their tables are built once per process.
    private static readonly ECPoint[] s_wellKnown =
    {
        s_p256.G.Normalize(),
        DecodeCompressed("02886e2f97ace46e55ba9dd7242579f2993b64e16ef3dcab95afd497333d8fa12f"),
        DecodeCompressed("03d8bbd6c639c62937b04d997f38c3770719c629d7014d49a24b4f98baa1292b49"),
    };

    private static readonly byte[][] s_wellKnownEncodings =
    {
        s_wellKnown[0].GetEncoded(false),
        s_wellKnown[1].GetEncoded(false),
        s_wellKnown[2].GetEncoded(false),
    };

    private static BigInteger Order => s_p256.N;

    private static BigInteger FieldPrime => s_p256.Curve.Field.Characteristic;

    public byte[] ScalarReduce(byte[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length != ScalarLength)
        {
            throw new ArgumentException($"a scalar is {ScalarLength} bytes, got {value.Length}", nameof(value));
        }

        return BigIntegers.AsUnsignedByteArray(ScalarLength, new BigInteger(1, value).Mod(Order));
    }

    public bool ScalarIsValid(byte[] scalar)
    {
        if (scalar is null || scalar.Length != ScalarLength)
        {
            return false;
        }

        var value = new BigInteger(1, scalar);
        return value.SignValue > 0 && value.CompareTo(Order) < 0;
    }

    public bool PointIsValid(byte[] point) => TryDecodeUncompressed(point, out _);

    public bool PointIsIdentity(byte[] point) => point is { Length: 1 } && point[0] == 0x00;

    public byte[] PointMul(byte[] point, byte[] scalar) => Encode(Multiply(Decode(point, nameof(point)), ToScalar(scalar, nameof(scalar))));

    public byte[] PointAddMul(byte[] point1, byte[] scalar1, byte[] point2, byte[] scalar2)
    {
        ECPoint first = Multiply(Decode(point1, nameof(point1)), ToScalar(scalar1, nameof(scalar1)));
        ECPoint second = Multiply(Decode(point2, nameof(point2)), ToScalar(scalar2, nameof(scalar2)));
        return Encode(first.Add(second));
    }

    public byte[] PointAdd(byte[] point1, byte[] point2) => Encode(Decode(point1, nameof(point1)).Add(Decode(point2, nameof(point2))));

    public byte[] PointInvert(byte[] point) => Encode(Decode(point, nameof(point)).Negate());

    private static ECPoint Multiply(ECPoint point, BigInteger scalar) =>
        point.IsInfinity || scalar.SignValue == 0 ? s_p256.Curve.Infinity : s_multiplier.Multiply(point, scalar);

    private static BigInteger ToScalar(byte[] scalar, string name)
    {
        ArgumentNullException.ThrowIfNull(scalar, name);
        if (scalar.Length != ScalarLength)
        {
            throw new ArgumentException($"a scalar is {ScalarLength} bytes, got {scalar.Length}", name);
        }

        return new BigInteger(1, scalar);
    }

    private static ECPoint Decode(byte[] encoded, string name)
    {
        ArgumentNullException.ThrowIfNull(encoded, name);
        if (encoded.Length == 1 && encoded[0] == 0x00)
        {
            return s_p256.Curve.Infinity;
        }

        for (int i = 0; i < s_wellKnownEncodings.Length; i++)
        {
            if (encoded.AsSpan().SequenceEqual(s_wellKnownEncodings[i]))
            {
                return s_wellKnown[i];
            }
        }

        if (!TryDecodeUncompressed(encoded, out ECPoint? point))
        {
            throw new ArgumentException("not a valid uncompressed P-256 point", name);
        }

        return point;
    }

    private static bool TryDecodeUncompressed(byte[]? encoded, [NotNullWhen(true)] out ECPoint? point)
    {
        point = null;
        if (encoded is null || encoded.Length != PointLength || encoded[0] != 0x04)
        {
            return false;
        }

        var x = new BigInteger(1, encoded, 1, CoordinateLength);
        var y = new BigInteger(1, encoded, 1 + CoordinateLength, CoordinateLength);
        if (x.CompareTo(FieldPrime) >= 0 || y.CompareTo(FieldPrime) >= 0)
        {
            return false;
        }

        // (0, 0) is not on P-256 (b != 0), so the zero encoding some libraries use for the
        // identity is refused here too.
        ECPoint candidate = s_p256.Curve.CreatePoint(x, y);
        if (!candidate.IsValid())
        {
            return false;
        }

        point = candidate;
        return true;
    }

    private static byte[] Encode(ECPoint point)
    {
        ECPoint normal = point.Normalize();
        return normal.IsInfinity ? new byte[] { 0x00 } : normal.GetEncoded(false);
    }

    private static ECPoint DecodeCompressed(string hex) => s_p256.Curve.DecodePoint(Convert.FromHexString(hex)).Normalize();
}
