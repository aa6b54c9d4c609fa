using Mash.Protocol.Crypto;
using Mash.Protocol.DotNet.Crypto;
using Mash.Protocol.Onboarding;
using Mash.Protocol.Pase;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Math.EC;

namespace Mash.Protocol.Tests.Pase;

/// <summary>
/// The host implementations of the crypto seams, as the composition root passes them, plus
/// BouncyCastle conversions the tests use to build points independently of the seam.
/// </summary>
internal static class Seams
{
    public static readonly ICryptoPal Crypto = SystemCryptoPal.Instance;

    public static readonly ISpake2pGroup Group = OpenSslP256Group.Instance;

    public static ECCurve Curve { get; } = NistNamedCurves.GetByName("P-256").Curve;

    public static ECPoint ToPoint(byte[] encoded) => Curve.DecodePoint(encoded).Normalize();

    public static byte[] Compressed(byte[] encoded) => ToPoint(encoded).GetEncoded(true);

    public static byte[] Uncompressed(ECPoint point) => point.Normalize().GetEncoded(false);

    public static byte[] W0(SetupCode code)
    {
        Spake2PlusKeySchedule.DeriveScalars(Crypto, Group, code, out byte[] w0, out _);
        return w0;
    }

    public static byte[] W1(SetupCode code)
    {
        Spake2PlusKeySchedule.DeriveScalars(Crypto, Group, code, out _, out byte[] w1);
        return w1;
    }
}
