using System;
using Mash.Protocol.Identity;
using Mash.Protocol.Onboarding;
using Mash.Protocol.Pase;

namespace Mash.Protocol.Tests.Pase;

/// <summary>
/// The known-answer vector from the interop digest (/work/shared/mash-wire-facts.md §3.4), which
/// the reference Go code and an independent Python implementation both produce. Every
/// intermediate value is checked from both roles.
/// </summary>
public class Spake2PlusMashVectorTests
{
    private static readonly SetupCode Code = SetupCode.Parse("12345678");
    private static readonly byte[] X = Filled(0x11);
    private static readonly byte[] Y = Filled(0x22);

    private const string W0 = "fcb0e4da6614b68a9336d5ec9151e0a58848889a46412568048178da4085de1b";
    private const string W1 = "49c454cff8129a0fd75e590d1988d70addd9113f33199b86c3d1b6b6e3bac335";
    private const string LCompressed = "024554d0654b8da7cb8070e2dc0ca7c2f05c02e8c20d603ae66c64516f806c87fc";
    private const string PA = "0420dfffb0ea1bb27e2f1afb227cdd645d5d3d7c697ce189cfdb7573de6abf4779a9df7b7b4a528cce65df117ccc48b8a81599f12c54d719c2419044072572fb41";
    private const string PB = "04422d7044f50f9435d0806455245967dfc8d3dd33f0256935ad92a8f94acca31f717889ad1f81163fdf0b49fbd778f24c16a2f52cac6390bd9bd484bd05b577cb";
    private const string Z = "04ccfc261f58193c98ca4ad4a53bbac6f0ee29bc4d48438090446908622ca79af621d4c088f30a3527103b969ed229ee6372b316e85a4b348ec7c1f043c8ff7095";
    private const string V = "04ba55d76bb4dde081f373fc48a1e07e873710b8e07df2de931f993e08ca70c15ac32a107ffe741d41fc869033f41c16264ad6017866eab718413891a44bb7dd01";
    private const string TT = "8ae70f47024aeee7849d4e8bb7be995fd98d9392bf80149361e721e2d73e18b6";
    private const string SharedSecret = "0e341ec5e70e9a5795e09a034cfe694a2bff7a748bc42bd2c45beb0fd26eecc4";
    private const string ConfirmKey = "e57aac987cd6c3d2588e241f2e0f223a03e636227eacf381f14c0275186a6ec2";
    private const string CA = "734cbec8420073b52f3c318819945f3839ff8bb1c291646e6d036d44704abe5f";
    private const string CB = "007d989e71db38c1441c421c7638b0d9c1fc32032064ef6b217087410d79734b";
    private const string ZoneId = "9f4d4049ca6ca23c";

    [Fact]
    public void The_setup_code_derives_the_reference_w0_and_w1()
    {
        Spake2PlusKeySchedule.DeriveScalars(Seams.Crypto, Seams.Group, Code, out byte[] w0, out byte[] w1);

        Assert.Equal(W0, Hex(w0));
        Assert.Equal(W1, Hex(w1));
    }

    [Fact]
    public void The_stored_verifier_holds_the_reference_w0_and_L()
    {
        Spake2PlusVerifier verifier = Spake2PlusVerifier.Derive(Seams.Crypto, Seams.Group, Code);

        Assert.Equal(LCompressed, Hex(Seams.Compressed(verifier.L)));
        byte[] encoded = verifier.Encode();
        Assert.Equal(W0, Hex(encoded.AsSpan(0, 32)));
        Assert.Equal(Hex(verifier.L), Hex(encoded.AsSpan(32)));
    }

    [Fact]
    public void The_prover_reproduces_every_value_of_the_reference_run()
    {
        using var prover = new Spake2PlusProver(Seams.Crypto, Seams.Group, Code, X);
        Spake2PlusTranscript? seen = null;
        prover.TranscriptObserver = t => seen = t;

        Assert.Equal(PA, Hex(prover.Start()));
        Assert.Equal(CA, Hex(prover.Finish(Convert.FromHexString(PB))));

        Assert.NotNull(seen);
        Assert.Equal(PA, Hex(seen.PA));
        Assert.Equal(PB, Hex(seen.PB));
        Assert.Equal(Z, Hex(seen.Z));
        Assert.Equal(V, Hex(seen.V));
        Assert.Equal(TT, Hex(seen.TranscriptHash));
        Assert.Equal(SharedSecret, Hex(seen.SharedSecret));
        Assert.Equal(ConfirmKey, Hex(seen.ConfirmKey));

        Assert.True(prover.VerifyServerConfirmation(Convert.FromHexString(CB)));
        Assert.Equal(SharedSecret, Hex(prover.SharedSecret));
        Assert.Equal(ZoneId, MashIds.ZoneIdFromSharedSecret(Seams.Crypto, prover.SharedSecret));
    }

    [Fact]
    public void The_verifier_session_reproduces_every_value_of_the_reference_run()
    {
        using var session = new Spake2PlusVerifierSession(Seams.Crypto, Seams.Group, Spake2PlusVerifier.Derive(Seams.Crypto, Seams.Group, Code), Y);
        Spake2PlusTranscript? seen = null;
        session.TranscriptObserver = t => seen = t;

        Assert.Equal(PB, Hex(session.Respond(Convert.FromHexString(PA))));
        Assert.Equal(CB, Hex(session.ServerConfirmation));

        Assert.NotNull(seen);
        Assert.Equal(PA, Hex(seen.PA));
        Assert.Equal(PB, Hex(seen.PB));
        Assert.Equal(Z, Hex(seen.Z));
        Assert.Equal(V, Hex(seen.V));
        Assert.Equal(TT, Hex(seen.TranscriptHash));
        Assert.Equal(SharedSecret, Hex(seen.SharedSecret));
        Assert.Equal(ConfirmKey, Hex(seen.ConfirmKey));

        Assert.True(session.VerifyClientConfirmation(Convert.FromHexString(CA)));
        Assert.Equal(SharedSecret, Hex(session.SharedSecret));
        Assert.Equal(ZoneId, MashIds.ZoneIdFromSharedSecret(Seams.Crypto, session.SharedSecret));
    }

    [Fact]
    public void A_verifier_restored_from_storage_reproduces_the_reference_run()
    {
        Spake2PlusVerifier restored = Spake2PlusVerifier.Decode(Seams.Group, Spake2PlusVerifier.Derive(Seams.Crypto, Seams.Group, Code).Encode());
        using var session = new Spake2PlusVerifierSession(Seams.Crypto, Seams.Group, restored, Y);

        Assert.Equal(PB, Hex(session.Respond(Convert.FromHexString(PA))));
        Assert.Equal(CB, Hex(session.ServerConfirmation));
        Assert.True(session.VerifyClientConfirmation(Convert.FromHexString(CA)));
    }

    private static byte[] Filled(byte value)
    {
        var bytes = new byte[32];
        Array.Fill(bytes, value);
        return bytes;
    }

    private static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
}
