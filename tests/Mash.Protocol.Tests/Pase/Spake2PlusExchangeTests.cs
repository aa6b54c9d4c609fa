using System;
using Mash.Protocol.Onboarding;
using Mash.Protocol.Pase;

namespace Mash.Protocol.Tests.Pase;

public class Spake2PlusExchangeTests
{
    private static readonly SetupCode Code = SetupCode.Parse("20231107");

    [Fact]
    public void A_controller_and_device_with_the_same_code_agree_on_a_shared_secret()
    {
        using var prover = new Spake2PlusProver(Seams.Crypto, Seams.Group, Code);
        using var device = new Spake2PlusVerifierSession(Seams.Crypto, Seams.Group, Spake2PlusVerifier.Derive(Seams.Crypto, Seams.Group, Code));

        byte[] pA = prover.Start();
        byte[] pB = device.Respond(pA);
        byte[] cA = prover.Finish(pB);

        Assert.Equal(Spake2Plus.ShareLength, pA.Length);
        Assert.Equal(Spake2Plus.ShareLength, pB.Length);
        Assert.Equal(Spake2Plus.ConfirmationLength, cA.Length);
        Assert.True(device.VerifyClientConfirmation(cA));
        Assert.True(prover.VerifyServerConfirmation(device.ServerConfirmation));
        Assert.Equal(Spake2Plus.SharedSecretLength, prover.SharedSecret.Length);
        Assert.Equal(prover.SharedSecret, device.SharedSecret);
    }

    [Fact]
    public void Two_runs_with_the_same_code_yield_different_shares_and_secrets()
    {
        (byte[] pA1, byte[] secret1) = RunToCompletion();
        (byte[] pA2, byte[] secret2) = RunToCompletion();

        Assert.NotEqual(pA1, pA2);
        Assert.NotEqual(secret1, secret2);
    }

    [Fact]
    public void A_wrong_setup_code_fails_confirmation_on_both_sides()
    {
        using var prover = new Spake2PlusProver(Seams.Crypto, Seams.Group, SetupCode.Parse("20231108"));
        using var device = new Spake2PlusVerifierSession(Seams.Crypto, Seams.Group, Spake2PlusVerifier.Derive(Seams.Crypto, Seams.Group, Code));

        byte[] pB = device.Respond(prover.Start());
        byte[] cA = prover.Finish(pB);

        Assert.False(device.VerifyClientConfirmation(cA));
        Assert.False(prover.VerifyServerConfirmation(device.ServerConfirmation));
        Assert.Throws<InvalidOperationException>(() => device.SharedSecret);
        Assert.Throws<InvalidOperationException>(() => prover.SharedSecret);
    }

    [Fact]
    public void The_device_still_offers_its_confirmation_after_rejecting_the_controllers()
    {
        using var prover = new Spake2PlusProver(Seams.Crypto, Seams.Group, Code);
        using var device = new Spake2PlusVerifierSession(Seams.Crypto, Seams.Group, Spake2PlusVerifier.Derive(Seams.Crypto, Seams.Group, Code));
        byte[] cA = prover.Finish(device.Respond(prover.Start()));
        cA[0] ^= 0x01;

        Assert.False(device.VerifyClientConfirmation(cA));

        // The reference device sends cB in PASEComplete even on failure; it is still the real cB.
        Assert.True(prover.VerifyServerConfirmation(device.ServerConfirmation));
    }

    [Fact]
    public void A_pA_replaced_by_another_valid_point_fails_confirmation_on_both_sides()
    {
        using var prover = new Spake2PlusProver(Seams.Crypto, Seams.Group, Code);
        using var device = new Spake2PlusVerifierSession(Seams.Crypto, Seams.Group, Spake2PlusVerifier.Derive(Seams.Crypto, Seams.Group, Code));
        byte[] pA = prover.Start();
        byte[] substituted = Seams.Group.PointAdd(pA, Spake2PlusGroup.Generator);

        byte[] pB = device.Respond(substituted);
        byte[] cA = prover.Finish(pB);

        Assert.False(device.VerifyClientConfirmation(cA));
        Assert.False(prover.VerifyServerConfirmation(device.ServerConfirmation));
    }

    [Fact]
    public void A_pB_replaced_by_another_valid_point_fails_confirmation_on_both_sides()
    {
        using var prover = new Spake2PlusProver(Seams.Crypto, Seams.Group, Code);
        using var device = new Spake2PlusVerifierSession(Seams.Crypto, Seams.Group, Spake2PlusVerifier.Derive(Seams.Crypto, Seams.Group, Code));
        byte[] pB = device.Respond(prover.Start());
        byte[] substituted = Seams.Group.PointAdd(pB, Spake2PlusGroup.Generator);

        byte[] cA = prover.Finish(substituted);

        Assert.False(device.VerifyClientConfirmation(cA));
        Assert.False(prover.VerifyServerConfirmation(device.ServerConfirmation));
    }

    [Fact]
    public void A_pA_with_a_flipped_bit_never_verifies()
    {
        using var prover = new Spake2PlusProver(Seams.Crypto, Seams.Group, Code);
        using var device = new Spake2PlusVerifierSession(Seams.Crypto, Seams.Group, Spake2PlusVerifier.Derive(Seams.Crypto, Seams.Group, Code));
        byte[] pA = prover.Start();
        pA[^1] ^= 0x01;

        byte[] cA = prover.Finish(device.Respond(pA));

        Assert.NotNull(device.Rejection);
        Assert.False(device.VerifyClientConfirmation(cA));
    }

    [Fact]
    public void A_pB_with_a_flipped_bit_is_refused_outright()
    {
        using var prover = new Spake2PlusProver(Seams.Crypto, Seams.Group, Code);
        using var device = new Spake2PlusVerifierSession(Seams.Crypto, Seams.Group, Spake2PlusVerifier.Derive(Seams.Crypto, Seams.Group, Code));
        byte[] pB = device.Respond(prover.Start());
        pB[^1] ^= 0x01;

        Assert.Throws<PaseException>(() => prover.Finish(pB));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    public void A_tampered_cA_is_rejected_by_the_device(int index)
    {
        using var prover = new Spake2PlusProver(Seams.Crypto, Seams.Group, Code);
        using var device = new Spake2PlusVerifierSession(Seams.Crypto, Seams.Group, Spake2PlusVerifier.Derive(Seams.Crypto, Seams.Group, Code));
        byte[] cA = prover.Finish(device.Respond(prover.Start()));
        cA[index] ^= 0x80;

        Assert.False(device.VerifyClientConfirmation(cA));
        Assert.Throws<InvalidOperationException>(() => device.SharedSecret);
    }

    [Fact]
    public void A_truncated_cA_is_rejected_by_the_device()
    {
        using var prover = new Spake2PlusProver(Seams.Crypto, Seams.Group, Code);
        using var device = new Spake2PlusVerifierSession(Seams.Crypto, Seams.Group, Spake2PlusVerifier.Derive(Seams.Crypto, Seams.Group, Code));
        byte[] cA = prover.Finish(device.Respond(prover.Start()));

        Assert.False(device.VerifyClientConfirmation(cA.AsSpan(0, 31).ToArray()));
    }

    [Fact]
    public void A_tampered_cB_is_rejected_by_the_controller()
    {
        using var prover = new Spake2PlusProver(Seams.Crypto, Seams.Group, Code);
        using var device = new Spake2PlusVerifierSession(Seams.Crypto, Seams.Group, Spake2PlusVerifier.Derive(Seams.Crypto, Seams.Group, Code));
        byte[] cA = prover.Finish(device.Respond(prover.Start()));
        Assert.True(device.VerifyClientConfirmation(cA));
        byte[] cB = device.ServerConfirmation;
        cB[15] ^= 0x04;

        Assert.False(prover.VerifyServerConfirmation(cB));
        Assert.Throws<InvalidOperationException>(() => prover.SharedSecret);
    }

    [Fact]
    public void The_controller_cannot_use_the_device_confirmation_as_its_own()
    {
        // cA and cB share one key; the labels and share order are what keep them apart.
        using var prover = new Spake2PlusProver(Seams.Crypto, Seams.Group, Code);
        using var device = new Spake2PlusVerifierSession(Seams.Crypto, Seams.Group, Spake2PlusVerifier.Derive(Seams.Crypto, Seams.Group, Code));
        prover.Finish(device.Respond(prover.Start()));

        Assert.False(device.VerifyClientConfirmation(device.ServerConfirmation));
    }

    [Fact]
    public void The_prover_refuses_steps_out_of_order()
    {
        using var prover = new Spake2PlusProver(Seams.Crypto, Seams.Group, Code);
        using var device = new Spake2PlusVerifierSession(Seams.Crypto, Seams.Group, Spake2PlusVerifier.Derive(Seams.Crypto, Seams.Group, Code));

        Assert.Throws<InvalidOperationException>(() => prover.Finish(new byte[65]));
        Assert.Throws<InvalidOperationException>(() => prover.VerifyServerConfirmation(new byte[32]));
        byte[] pA = prover.Start();
        Assert.Throws<InvalidOperationException>(() => prover.Start());
        Assert.Throws<InvalidOperationException>(() => prover.VerifyServerConfirmation(new byte[32]));
        byte[] pB = device.Respond(pA);
        prover.Finish(pB);
        Assert.Throws<InvalidOperationException>(() => prover.Finish(pB));
        Assert.Throws<InvalidOperationException>(() => prover.SharedSecret);
    }

    [Fact]
    public void The_device_session_refuses_steps_out_of_order()
    {
        using var prover = new Spake2PlusProver(Seams.Crypto, Seams.Group, Code);
        using var device = new Spake2PlusVerifierSession(Seams.Crypto, Seams.Group, Spake2PlusVerifier.Derive(Seams.Crypto, Seams.Group, Code));

        Assert.Throws<InvalidOperationException>(() => device.VerifyClientConfirmation(new byte[32]));
        Assert.Throws<InvalidOperationException>(() => device.ServerConfirmation);
        byte[] pA = prover.Start();
        device.Respond(pA);
        Assert.Throws<InvalidOperationException>(() => device.Respond(pA));
        Assert.Throws<InvalidOperationException>(() => device.SharedSecret);
    }

    [Fact]
    public void Each_side_checks_a_confirmation_only_once_so_it_cannot_serve_as_an_oracle()
    {
        using var prover = new Spake2PlusProver(Seams.Crypto, Seams.Group, Code);
        using var device = new Spake2PlusVerifierSession(Seams.Crypto, Seams.Group, Spake2PlusVerifier.Derive(Seams.Crypto, Seams.Group, Code));
        byte[] cA = prover.Finish(device.Respond(prover.Start()));

        Assert.False(device.VerifyClientConfirmation(new byte[32]));
        Assert.Throws<InvalidOperationException>(() => device.VerifyClientConfirmation(cA));
        Assert.False(prover.VerifyServerConfirmation(new byte[32]));
        Assert.Throws<InvalidOperationException>(() => prover.VerifyServerConfirmation(device.ServerConfirmation));
    }

    [Fact]
    public void A_session_that_rejected_a_point_cannot_be_continued()
    {
        using var prover = new Spake2PlusProver(Seams.Crypto, Seams.Group, Code);
        using var device = new Spake2PlusVerifierSession(Seams.Crypto, Seams.Group, Spake2PlusVerifier.Derive(Seams.Crypto, Seams.Group, Code));
        byte[] pA = prover.Start();

        device.Respond(new byte[65]);
        Assert.Throws<InvalidOperationException>(() => device.Respond(pA));
        Assert.False(device.VerifyClientConfirmation(new byte[32]));
        Assert.Throws<InvalidOperationException>(() => device.SharedSecret);

        Assert.Throws<PaseException>(() => prover.Finish(new byte[65]));
        Assert.Throws<InvalidOperationException>(() => prover.VerifyServerConfirmation(new byte[32]));
    }

    [Fact]
    public void Disposed_sessions_release_nothing()
    {
        var prover = new Spake2PlusProver(Seams.Crypto, Seams.Group, Code);
        var device = new Spake2PlusVerifierSession(Seams.Crypto, Seams.Group, Spake2PlusVerifier.Derive(Seams.Crypto, Seams.Group, Code));
        Assert.True(device.VerifyClientConfirmation(prover.Finish(device.Respond(prover.Start()))));
        Assert.True(prover.VerifyServerConfirmation(device.ServerConfirmation));

        prover.Dispose();
        device.Dispose();

        Assert.Throws<ObjectDisposedException>(() => prover.SharedSecret);
        Assert.Throws<ObjectDisposedException>(() => device.SharedSecret);
        Assert.Throws<ObjectDisposedException>(() => device.ServerConfirmation);
    }

    [Fact]
    public void The_handed_out_secret_is_a_copy_the_caller_may_wipe()
    {
        using var prover = new Spake2PlusProver(Seams.Crypto, Seams.Group, Code);
        using var device = new Spake2PlusVerifierSession(Seams.Crypto, Seams.Group, Spake2PlusVerifier.Derive(Seams.Crypto, Seams.Group, Code));
        Assert.True(device.VerifyClientConfirmation(prover.Finish(device.Respond(prover.Start()))));
        Assert.True(prover.VerifyServerConfirmation(device.ServerConfirmation));

        byte[] first = prover.SharedSecret;
        Array.Clear(first);

        Assert.Equal(device.SharedSecret, prover.SharedSecret);
    }

    [Fact]
    public void Fixed_test_scalars_outside_the_group_order_are_refused()
    {
        byte[] zero = new byte[32];
        byte[] tooLarge = new byte[32];
        Array.Fill(tooLarge, (byte)0xff);

        Assert.Throws<PaseException>(() => new Spake2PlusProver(Seams.Crypto, Seams.Group, Code, zero));
        Assert.Throws<PaseException>(() => new Spake2PlusProver(Seams.Crypto, Seams.Group, Code, tooLarge));
        Assert.Throws<PaseException>(() => new Spake2PlusVerifierSession(Seams.Crypto, Seams.Group, Spake2PlusVerifier.Derive(Seams.Crypto, Seams.Group, Code), zero));
        Assert.Throws<PaseException>(() => new Spake2PlusVerifierSession(Seams.Crypto, Seams.Group, Spake2PlusVerifier.Derive(Seams.Crypto, Seams.Group, Code), tooLarge));
    }

    private static (byte[] PA, byte[] Secret) RunToCompletion()
    {
        using var prover = new Spake2PlusProver(Seams.Crypto, Seams.Group, Code);
        using var device = new Spake2PlusVerifierSession(Seams.Crypto, Seams.Group, Spake2PlusVerifier.Derive(Seams.Crypto, Seams.Group, Code));
        byte[] pA = prover.Start();
        Assert.True(device.VerifyClientConfirmation(prover.Finish(device.Respond(pA))));
        Assert.True(prover.VerifyServerConfirmation(device.ServerConfirmation));
        return (pA, prover.SharedSecret);
    }
}
