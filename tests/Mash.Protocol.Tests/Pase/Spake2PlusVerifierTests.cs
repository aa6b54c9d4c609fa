using System;
using Mash.Protocol.Onboarding;
using Mash.Protocol.Pase;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Utilities;

namespace Mash.Protocol.Tests.Pase;

public class Spake2PlusVerifierTests
{
    private static readonly SetupCode Code = SetupCode.Parse("00004242");

    [Fact]
    public void A_stored_verifier_round_trips_byte_for_byte()
    {
        byte[] encoded = Spake2PlusVerifier.Derive(Seams.Crypto, Seams.Group, Code).Encode();

        Assert.Equal(Spake2PlusVerifier.EncodedLength, encoded.Length);
        Assert.Equal(0x04, encoded[32]);
        Assert.Equal(encoded, Spake2PlusVerifier.Decode(Seams.Group, encoded).Encode());
    }

    [Fact]
    public void A_restored_verifier_commissions_a_controller_that_knows_the_code()
    {
        Spake2PlusVerifier restored = Spake2PlusVerifier.Decode(Seams.Group, Spake2PlusVerifier.Derive(Seams.Crypto, Seams.Group, Code).Encode());
        using var prover = new Spake2PlusProver(Seams.Crypto, Seams.Group, Code);
        using var device = new Spake2PlusVerifierSession(Seams.Crypto, Seams.Group, restored);

        Assert.True(device.VerifyClientConfirmation(prover.Finish(device.Respond(prover.Start()))));
        Assert.True(prover.VerifyServerConfirmation(device.ServerConfirmation));
    }

    [Fact]
    public void Leading_zero_digits_matter_to_the_derivation()
    {
        // "00004242" and "4242" must never be the same password.
        byte[] padded = Spake2PlusVerifier.Derive(Seams.Crypto, Seams.Group, SetupCode.Parse("00004242")).Encode();
        byte[] other = Spake2PlusVerifier.Derive(Seams.Crypto, Seams.Group, SetupCode.Parse("00004243")).Encode();

        Assert.NotEqual(padded, other);
        Assert.Equal(padded, Spake2PlusVerifier.Derive(Seams.Crypto, Seams.Group, new SetupCode(4242)).Encode());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(96)]
    [InlineData(98)]
    [InlineData(32 + 33)]
    public void Decoding_refuses_the_wrong_length(int length)
    {
        PaseException error = Assert.Throws<PaseException>(() => Spake2PlusVerifier.Decode(Seams.Group, new byte[length]));

        Assert.Contains("97 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decoding_refuses_a_zero_w0()
    {
        byte[] encoded = Spake2PlusVerifier.Derive(Seams.Crypto, Seams.Group, Code).Encode();
        Array.Clear(encoded, 0, 32);

        Assert.Throws<PaseException>(() => Spake2PlusVerifier.Decode(Seams.Group, encoded));
    }

    [Fact]
    public void Decoding_refuses_a_w0_not_below_the_group_order()
    {
        byte[] encoded = Spake2PlusVerifier.Derive(Seams.Crypto, Seams.Group, Code).Encode();
        BigIntegers.AsUnsignedByteArray(32, NistNamedCurves.GetByName("P-256").N).CopyTo(encoded, 0);
        Assert.Throws<PaseException>(() => Spake2PlusVerifier.Decode(Seams.Group, encoded));

        Array.Fill(encoded, (byte)0xff, 0, 32);
        Assert.Throws<PaseException>(() => Spake2PlusVerifier.Decode(Seams.Group, encoded));
    }

    [Fact]
    public void Decoding_refuses_an_L_off_the_curve()
    {
        byte[] encoded = Spake2PlusVerifier.Derive(Seams.Crypto, Seams.Group, Code).Encode();
        encoded[^1] ^= 0x01;

        PaseException error = Assert.Throws<PaseException>(() => Spake2PlusVerifier.Decode(Seams.Group, encoded));

        Assert.Contains("stored L", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decoding_refuses_an_L_at_the_identity()
    {
        byte[] encoded = Spake2PlusVerifier.Derive(Seams.Crypto, Seams.Group, Code).Encode();
        Array.Clear(encoded, 33, 64);

        PaseException error = Assert.Throws<PaseException>(() => Spake2PlusVerifier.Decode(Seams.Group, encoded));

        Assert.Contains("identity", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_verifier_text_form_reveals_nothing()
    {
        Spake2PlusVerifier verifier = Spake2PlusVerifier.Derive(Seams.Crypto, Seams.Group, Code);
        string w0Hex = Convert.ToHexStringLower(verifier.Encode().AsSpan(0, 32));

        Assert.DoesNotContain(w0Hex[..8], verifier.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Code.ToString(), verifier.ToString(), StringComparison.Ordinal);
    }
}
