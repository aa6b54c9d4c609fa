using System;
using Mash.Protocol.Crypto;
using Mash.Protocol.DotNet.Crypto;
using Mash.Protocol.Pase;
using Mash.Protocol.Tests.Pase;

namespace Mash.Protocol.Tests.Crypto;

/// <summary>
/// What the core relies on from <see cref="ICryptoPal"/> and <see cref="ISpake2pGroup"/>, checked
/// on the host implementations; a port's implementation must pass the same checks.
/// </summary>
public class CryptoSeamContractTests
{
    private const string OrderHex = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";
    private const string FieldPrimeHex = "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff";

    // RFC 9383 Appendix C (P256-SHA256-HKDF-SHA256-HMAC-SHA256).
    private const string W0 = "bb8e1bbcf3c48f62c08db243652ae55d3e5586053fca77102994f23ad95491b3";
    private const string W1 = "7e945f34d78785b8a3ef44d0df5a1a97d6b3b460409a345ca7830387a74b1dba";
    private const string X = "d1232c8e8693d02368976c174e2088851b8365d0d79a9eee709c6a05a2fad539";
    private const string Y = "717a72348a182085109c8d3917d6c43d59b224dc6a7fc4f0483232fa6516d8b3";
    private const string L = "04eb7c9db3d9a9eb1f8adab81b5794c1f13ae3e225efbe91ea487425854c7fc00f00bfedcbd09b2400142d40a14f2064ef31dfaa903b91d1faea7093d835966efd";
    private const string ShareP = "04ef3bd051bf78a2234ec0df197f7828060fe9856503579bb1733009042c15c0c1de127727f418b5966afadfdd95a6e4591d171056b333dab97a79c7193e341727";
    private const string ShareV = "04c0f65da0d11927bdf5d560c69e1d7d939a05b0e88291887d679fcadea75810fb5cc1ca7494db39e82ff2f50665255d76173e09986ab46742c798a9a68437b048";
    private const string Z = "04bbfce7dd7f277819c8da21544afb7964705569bdf12fb92aa388059408d50091a0c5f1d3127f56813b5337f9e4e67e2ca633117a4fbd559946ab474356c41839";
    private const string V = "0458bf27c6bca011c9ce1930e8984a797a3419797b936629a5a937cf2f11c8b9514b82b993da8a46e664f23db7c01edc87faa530db01c2ee405230b18997f16b68";

    private static readonly ICryptoPal Pal = SystemCryptoPal.Instance;
    /// <summary>The group implementation under test; <see cref="OpenSslGroupContractTests"/> runs every check on the other.</summary>
    protected virtual ISpake2pGroup Group => BouncyCastleP256Group.Instance;

    [Fact]
    public void Sha256_matches_the_fips_180_vector()
    {
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Hex(Pal.Sha256("abc"u8.ToArray())));
    }

    [Fact]
    public void Hmac_sha256_matches_rfc_4231_case_2()
    {
        byte[] mac = Pal.HmacSha256("Jefe"u8.ToArray(), "what do ya want for nothing?"u8.ToArray());
        Assert.Equal("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", Hex(mac));
    }

    [Fact]
    public void Hkdf_sha256_matches_rfc_5869_cases_1_and_3()
    {
        byte[] ikm = Convert.FromHexString("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        byte[] okm1 = Pal.HkdfSha256(ikm, Convert.FromHexString("000102030405060708090a0b0c"), Convert.FromHexString("f0f1f2f3f4f5f6f7f8f9"), 42);
        Assert.Equal("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865", Hex(okm1));

        // Case 3: no salt (the core passes an empty array) and no info.
        byte[] okm3 = Pal.HkdfSha256(ikm, Array.Empty<byte>(), Array.Empty<byte>(), 42);
        Assert.Equal("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8", Hex(okm3));
    }

    [Fact]
    public void FillRandom_fills_the_whole_buffer()
    {
        byte[] a = new byte[64];
        byte[] b = new byte[64];
        Pal.FillRandom(a);
        Pal.FillRandom(b);
        Assert.NotEqual(a, b);
        Assert.NotEqual(new byte[64], a);
    }

    [Fact]
    public void Scalars_are_reduced_and_checked_against_the_group_order()
    {
        byte[] n = Convert.FromHexString(OrderHex);
        byte[] nMinusOne = (byte[])n.Clone();
        nMinusOne[^1]--;
        byte[] nPlusOne = (byte[])n.Clone();
        nPlusOne[^1]++;

        Assert.Equal(new byte[32], Group.ScalarReduce(n));
        Assert.Equal(One(), Group.ScalarReduce(nPlusOne));
        Assert.Equal(nMinusOne, Group.ScalarReduce(nMinusOne));
        Assert.False(Group.ScalarIsValid(new byte[32]));
        Assert.False(Group.ScalarIsValid(n));
        Assert.False(Group.ScalarIsValid(new byte[31]));
        Assert.True(Group.ScalarIsValid(nMinusOne));
        Assert.True(Group.ScalarIsValid(One()));
    }

    [Fact]
    public void PointIsValid_accepts_the_constants_and_rejects_everything_that_is_not_an_uncompressed_curve_point()
    {
        Assert.True(Group.PointIsValid(Spake2PlusGroup.Generator));
        Assert.True(Group.PointIsValid(Spake2PlusGroup.M));
        Assert.True(Group.PointIsValid(Spake2PlusGroup.N));

        byte[] offCurve = (byte[])Spake2PlusGroup.Generator.Clone();
        offCurve[^1] ^= 0x01;
        byte[] zeros = new byte[65];
        zeros[0] = 0x04;
        byte[] xIsP = (byte[])Spake2PlusGroup.Generator.Clone();
        Convert.FromHexString(FieldPrimeHex).CopyTo(xIsP, 1);
        byte[] compressed = Seams.Compressed(Spake2PlusGroup.Generator);

        Assert.False(Group.PointIsValid(offCurve));
        Assert.False(Group.PointIsValid(zeros));
        Assert.False(Group.PointIsValid(new byte[] { 0x00 }));
        Assert.False(Group.PointIsValid(new byte[65]));
        Assert.False(Group.PointIsValid(xIsP));
        Assert.False(Group.PointIsValid(compressed));
        Assert.False(Group.PointIsValid(Array.Empty<byte>()));
    }

    [Fact]
    public void Point_operations_refuse_invalid_inputs()
    {
        byte[] offCurve = (byte[])Spake2PlusGroup.Generator.Clone();
        offCurve[^1] ^= 0x01;

        Assert.Throws<ArgumentException>(() => Group.PointMul(offCurve, One()));
        Assert.Throws<ArgumentException>(() => Group.PointAdd(offCurve, Spake2PlusGroup.Generator));
        Assert.Throws<ArgumentException>(() => Group.PointMul(Spake2PlusGroup.Generator, new byte[31]));
    }

    [Fact]
    public void PointAddMul_equals_two_multiplications_and_an_addition()
    {
        for (int i = 0; i < 4; i++)
        {
            byte[] s1 = RandomScalar();
            byte[] s2 = RandomScalar();
            byte[] p2 = Group.PointMul(Spake2PlusGroup.Generator, RandomScalar());

            byte[] combined = Group.PointAddMul(Spake2PlusGroup.M, s1, p2, s2);
            byte[] separate = Group.PointAdd(Group.PointMul(Spake2PlusGroup.M, s1), Group.PointMul(p2, s2));

            Assert.Equal(separate, combined);
            Assert.True(Group.PointIsValid(combined));
        }
    }

    [Fact]
    public void The_identity_is_the_single_byte_zero_and_behaves_as_the_neutral_element()
    {
        byte[] n = Convert.FromHexString(OrderHex);
        byte[] nMinusOne = (byte[])n.Clone();
        nMinusOne[^1]--;
        byte[] p = Group.PointMul(Spake2PlusGroup.Generator, RandomScalar());

        byte[] identity = Group.PointAdd(p, Group.PointInvert(p));
        Assert.True(Group.PointIsIdentity(identity));
        Assert.Equal(new byte[] { 0x00 }, identity);
        Assert.True(Group.PointIsIdentity(Group.PointAdd(Group.PointMul(Spake2PlusGroup.Generator, nMinusOne), Spake2PlusGroup.Generator)));
        Assert.True(Group.PointIsIdentity(Group.PointMul(p, new byte[32])));
        Assert.Equal(p, Group.PointAdd(p, identity));
        Assert.False(Group.PointIsIdentity(p));
        Assert.False(Group.PointIsIdentity(new byte[65]));
    }

    [Fact]
    public void The_rfc_9383_group_steps_hold_through_the_seam()
    {
        byte[] w0 = Convert.FromHexString(W0);
        byte[] w1 = Convert.FromHexString(W1);
        byte[] x = Convert.FromHexString(X);
        byte[] y = Convert.FromHexString(Y);
        byte[] g = Spake2PlusGroup.Generator;

        Assert.Equal(L, Hex(Group.PointMul(g, w1)));
        Assert.Equal(ShareP, Hex(Group.PointAddMul(g, x, Spake2PlusGroup.M, w0)));
        Assert.Equal(ShareV, Hex(Group.PointAddMul(g, y, Spake2PlusGroup.N, w0)));

        // Prover: Y' = shareV − w0·N, Z = x·Y', V = w1·Y'.
        byte[] yPrime = Group.PointAdd(Convert.FromHexString(ShareV), Group.PointInvert(Group.PointMul(Spake2PlusGroup.N, w0)));
        Assert.Equal(Z, Hex(Group.PointMul(yPrime, x)));
        Assert.Equal(V, Hex(Group.PointMul(yPrime, w1)));

        // Verifier: X' = shareP − w0·M, Z = y·X', V = y·L.
        byte[] xPrime = Group.PointAdd(Convert.FromHexString(ShareP), Group.PointInvert(Group.PointMul(Spake2PlusGroup.M, w0)));
        Assert.Equal(Z, Hex(Group.PointMul(xPrime, y)));
        Assert.Equal(V, Hex(Group.PointMul(Convert.FromHexString(L), y)));
    }

    [Fact]
    public void Results_are_fresh_arrays_and_inputs_are_left_alone()
    {
        byte[] g = (byte[])Spake2PlusGroup.Generator.Clone();
        byte[] one = One();

        byte[] r1 = Group.PointMul(g, one);
        byte[] r2 = Group.PointMul(g, one);

        Assert.Equal(Spake2PlusGroup.Generator, r1);
        Assert.NotSame(r1, r2);
        Assert.NotSame(g, r1);
        r1[10] ^= 0xff;
        Assert.Equal(Spake2PlusGroup.Generator, Group.PointMul(Spake2PlusGroup.Generator, one));
        Assert.Equal(Spake2PlusGroup.Generator, g);
        Assert.Equal(One(), one);
    }

    private static byte[] One()
    {
        byte[] one = new byte[32];
        one[^1] = 1;
        return one;
    }

    private byte[] RandomScalar()
    {
        while (true)
        {
            byte[] s = new byte[32];
            Pal.FillRandom(s);
            if (Group.ScalarIsValid(s))
            {
                return s;
            }
        }
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}

/// <summary>The same contract on <see cref="OpenSslP256Group"/>, the host's fast group.</summary>
public sealed class OpenSslGroupContractTests : CryptoSeamContractTests
{
    protected override ISpake2pGroup Group => OpenSslP256Group.Instance;

    [Fact]
    public void Every_operation_agrees_with_the_bouncycastle_group_on_random_inputs()
    {
        ISpake2pGroup reference = BouncyCastleP256Group.Instance;
        var random = new Random(9383);
        for (int i = 0; i < 50; i++)
        {
            byte[] raw = new byte[32];
            random.NextBytes(raw);
            byte[] s1 = reference.ScalarReduce(raw);
            random.NextBytes(raw);
            byte[] s2 = raw;
            byte[] p = reference.PointMul(Spake2PlusGroup.Generator, s1);

            Assert.Equal(reference.ScalarReduce(s2), Group.ScalarReduce(s2));
            Assert.Equal(reference.ScalarIsValid(s2), Group.ScalarIsValid(s2));
            Assert.Equal(p, Group.PointMul(Spake2PlusGroup.Generator, s1));
            Assert.Equal(reference.PointMul(p, s2), Group.PointMul(p, s2));
            Assert.Equal(reference.PointAddMul(p, s1, Spake2PlusGroup.N, s2), Group.PointAddMul(p, s1, Spake2PlusGroup.N, s2));
            Assert.Equal(reference.PointAdd(p, Spake2PlusGroup.M), Group.PointAdd(p, Spake2PlusGroup.M));
            Assert.Equal(reference.PointInvert(p), Group.PointInvert(p));
        }
    }
}
