using System;
using Mash.Protocol.Onboarding;
using Mash.Protocol.Pase;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Utilities;

namespace Mash.Protocol.Tests.Pase;

/// <summary>Everything a peer could send as pA or pB that is not a usable P-256 point.</summary>
public class Spake2PlusPointValidationTests
{
    private static readonly SetupCode Code = SetupCode.Parse("31415926");

    public static TheoryData<string, byte[], string> InvalidShares()
    {
        byte[] g = (byte[])Spake2PlusGroup.Generator.Clone();
        BigInteger p = NistNamedCurves.GetByName("P-256").Curve.Field.Characteristic;

        byte[] offCurve = (byte[])g.Clone();
        offCurve[^1] ^= 0x01;

        byte[] garbage = new byte[65];
        Array.Fill(garbage, (byte)0xa5);
        garbage[0] = 0x04;

        byte[] identity = new byte[65];
        identity[0] = 0x04;

        byte[] xIsP = (byte[])g.Clone();
        BigIntegers.AsUnsignedByteArray(32, p).CopyTo(xIsP, 1);

        byte[] hybrid = (byte[])g.Clone();
        hybrid[0] = 0x06;

        return new TheoryData<string, byte[], string>
        {
            { "empty", Array.Empty<byte>(), "65-byte" },
            { "one zero byte (SEC1 identity)", new byte[] { 0x00 }, "65-byte" },
            { "64 bytes without prefix", g.AsSpan(1).ToArray(), "65-byte" },
            { "66 bytes", [.. g, 0x00], "65-byte" },
            { "compressed generator", Seams.Compressed(Spake2PlusGroup.Generator), "compressed" },
            { "hybrid 0x06 prefix", hybrid, "0x04" },
            { "0x04 followed by garbage", garbage, "not a point on the P-256 curve" },
            { "generator with y off by one", offCurve, "not a point on the P-256 curve" },
            { "all-zero coordinates (identity)", identity, "identity" },
            { "x equal to the field prime", xIsP, "outside the P-256 field" },
        };
    }

    [Theory]
    [MemberData(nameof(InvalidShares))]
    public void The_device_answers_an_invalid_pA_like_any_other_and_fails_it_at_confirmation(string description, byte[] pA, string expectedReason)
    {
        using var device = new Spake2PlusVerifierSession(Seams.Crypto, Seams.Group, Spake2PlusVerifier.Derive(Seams.Crypto, Seams.Group, Code));

        byte[] pB = device.Respond(pA);

        // A normal-looking pB and cB; the reason stays in the device's log.
        Assert.Equal(Spake2Plus.ShareLength, pB.Length);
        Assert.Equal(Spake2Plus.ConfirmationLength, device.ServerConfirmation.Length);
        Assert.Contains("pA", device.Rejection, StringComparison.Ordinal);
        Assert.Contains(expectedReason, device.Rejection, StringComparison.Ordinal);
        Assert.DoesNotContain(Code.ToString(), device.Rejection!, StringComparison.Ordinal);
        Assert.False(device.VerifyClientConfirmation(new byte[32]));
        Assert.False(string.IsNullOrEmpty(description));
    }

    [Fact]
    public void A_pA_of_w0_times_M_is_no_oracle_for_the_setup_code()
    {
        // pA = w0(guess)·M unblinds to the identity exactly when the guess is the device's code.
        // Both guesses must get the same kind of answer, and neither may verify.
        foreach (SetupCode guess in new[] { Code, SetupCode.Parse("27182818") })
        {
            using var device = new Spake2PlusVerifierSession(Seams.Crypto, Seams.Group, Spake2PlusVerifier.Derive(Seams.Crypto, Seams.Group, Code));
            byte[] pA = Seams.Group.PointMul(Spake2PlusGroup.M, Spake2PlusVerifier.Derive(Seams.Crypto, Seams.Group, guess).W0);

            byte[] pB = device.Respond(pA);

            Assert.Equal(Spake2Plus.ShareLength, pB.Length);
            Assert.Equal(Spake2Plus.ConfirmationLength, device.ServerConfirmation.Length);
            Assert.False(device.VerifyClientConfirmation(new byte[32]));
        }
    }

    [Theory]
    [MemberData(nameof(InvalidShares))]
    public void The_controller_refuses_an_invalid_pB(string description, byte[] pB, string expectedReason)
    {
        using var prover = new Spake2PlusProver(Seams.Crypto, Seams.Group, Code);
        prover.Start();

        PaseException error = Assert.Throws<PaseException>(() => prover.Finish(pB));

        Assert.Contains("pB", error.Message, StringComparison.Ordinal);
        Assert.Contains(expectedReason, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Code.ToString(), error.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(description));
    }

    [Fact]
    public void The_device_never_verifies_a_pA_that_cancels_to_the_identity()
    {
        // pA = w0·M makes X = pA − w0·M the identity, and then Z would not depend on y. The device
        // uses a random X instead and answers normally, so the pA tells the sender nothing.
        Spake2PlusVerifier verifier = Spake2PlusVerifier.Derive(Seams.Crypto, Seams.Group, Code);
        byte[] pA = Seams.Group.PointMul(Spake2PlusGroup.M, verifier.W0);
        using var device = new Spake2PlusVerifierSession(Seams.Crypto, Seams.Group, verifier);

        byte[] pB = device.Respond(pA);

        Assert.Equal(Spake2Plus.ShareLength, pB.Length);
        Assert.Contains("identity", device.Rejection, StringComparison.Ordinal);
        Assert.False(device.VerifyClientConfirmation(new byte[32]));
    }

    [Fact]
    public void The_controller_refuses_a_pB_that_cancels_to_the_identity()
    {
        byte[] pB = Seams.Group.PointMul(Spake2PlusGroup.N, Seams.W0(Code));
        using var prover = new Spake2PlusProver(Seams.Crypto, Seams.Group, Code);
        prover.Start();

        PaseException error = Assert.Throws<PaseException>(() => prover.Finish(pB));

        Assert.Contains("identity", error.Message, StringComparison.Ordinal);
    }
}
