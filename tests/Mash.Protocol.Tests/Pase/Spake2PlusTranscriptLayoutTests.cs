using System;
using System.Security.Cryptography;
using System.Text;
using Mash.Protocol.Onboarding;
using Mash.Protocol.Pase;

namespace Mash.Protocol.Tests.Pase;

/// <summary>
/// The reference hashes w0 as a minimal big-endian integer. The digest vector's w0 starts with
/// 0xfc, so it cannot tell minimal from fixed-width; setup code 00000157 derives a w0 whose top
/// byte is zero (w0 = 0x00a392...), which can.
/// </summary>
public class Spake2PlusTranscriptLayoutTests
{
    private static readonly SetupCode ShortW0Code = SetupCode.Parse("00000157");

    [Fact]
    public void A_w0_with_a_leading_zero_byte_enters_the_transcript_without_it()
    {
        byte[] fixedW0 = Seams.W0(ShortW0Code);
        Assert.Equal(0x00, fixedW0[0]);

        using var prover = new Spake2PlusProver(Seams.Crypto, Seams.Group, ShortW0Code);
        using var device = new Spake2PlusVerifierSession(Seams.Crypto, Seams.Group, Spake2PlusVerifier.Derive(Seams.Crypto, Seams.Group, ShortW0Code));
        Spake2PlusTranscript? seen = null;
        prover.TranscriptObserver = t => seen = t;
        Assert.True(device.VerifyClientConfirmation(prover.Finish(device.Respond(prover.Start()))));
        Assert.NotNull(seen);

        Assert.Equal(ExpectedTranscriptHash(seen, fixedW0.AsSpan(1)), seen.TranscriptHash);
        Assert.NotEqual(ExpectedTranscriptHash(seen, fixedW0), seen.TranscriptHash);
    }

    [Fact]
    public void Keys_and_confirmations_follow_the_reference_layout()
    {
        using var prover = new Spake2PlusProver(Seams.Crypto, Seams.Group, ShortW0Code);
        using var device = new Spake2PlusVerifierSession(Seams.Crypto, Seams.Group, Spake2PlusVerifier.Derive(Seams.Crypto, Seams.Group, ShortW0Code));
        Spake2PlusTranscript? seen = null;
        device.TranscriptObserver = t => seen = t;
        byte[] pA = prover.Start();
        byte[] pB = device.Respond(pA);
        byte[] cA = prover.Finish(pB);
        Assert.NotNull(seen);

        byte[] okm = HKDF.DeriveKey(HashAlgorithmName.SHA256, seen.TranscriptHash, 64, salt: new byte[32], info: Encoding.ASCII.GetBytes("SPAKE2+-P256-SHA256"));
        Assert.Equal(okm[..32], seen.SharedSecret);
        Assert.Equal(okm[32..], seen.ConfirmKey);
        Assert.Equal(HMACSHA256.HashData(seen.ConfirmKey, (byte[])[.. "client"u8, .. pA, .. pB]), cA);
        Assert.Equal(HMACSHA256.HashData(seen.ConfirmKey, (byte[])[.. "server"u8, .. pB, .. pA]), device.ServerConfirmation);
    }

    private static byte[] ExpectedTranscriptHash(Spake2PlusTranscript t, ReadOnlySpan<byte> w0) =>
        SHA256.HashData((byte[])[.. "mash-controller"u8, .. "mash-device"u8, .. t.PA, .. t.PB, .. t.Z, .. t.V, .. w0]);
}
