using System;
using System.Collections.Generic;
using Mash.Protocol.DotNet.Crypto;
using Mash.Protocol.Onboarding;
using Mash.Protocol.Pase;

namespace Mash.Fuzz.Targets;

/// <summary>
/// The device's SPAKE2+ side on hostile points: <see cref="Spake2PlusVerifierSession.Respond"/>
/// takes pA and succeeds or throws <see cref="PaseException"/>; after a success
/// <see cref="Spake2PlusVerifierSession.VerifyClientConfirmation"/> answers any cA with a bool.
/// Input: pA and cA (see <see cref="FuzzInput"/>).
/// </summary>
internal sealed class PaseTarget : IFuzzTarget
{
    private static readonly SetupCode Code = SetupCode.Parse("12345678");
    private static readonly Spake2PlusVerifier Verifier = Spake2PlusVerifier.Derive(SystemCryptoPal.Instance, OpenSslP256Group.Instance, Code);

    public string Name => "pase";

    public string Description => "Spake2PlusVerifierSession.Respond(pA) and VerifyClientConfirmation(cA)";

    public void Run(ReadOnlySpan<byte> input)
    {
        byte[][] parts = FuzzInput.Split(input, 2);
        using var session = new Spake2PlusVerifierSession(SystemCryptoPal.Instance, OpenSslP256Group.Instance, Verifier);
        try
        {
            session.Respond(parts[0]);
        }
        catch (PaseException)
        {
            return;
        }

        if (session.ServerConfirmation.Length != Spake2Plus.ConfirmationLength)
        {
            throw new FuzzInvariantException("cB has the wrong length");
        }

        session.VerifyClientConfirmation(parts[1]);
    }

    public IEnumerable<byte[]> Seeds()
    {
        byte[] digestPa = Hex.Bytes("0420dfffb0ea1bb27e2f1afb227cdd645d5d3d7c697ce189cfdb7573de6abf4779a9df7b7b4a528cce65df117ccc48b8a81599f12c54d719c2419044072572fb41");
        byte[] digestCa = Hex.Bytes("734cbec8420073b52f3c318819945f3839ff8bb1c291646e6d036d44704abe5f");
        yield return FuzzInput.Join(digestPa, digestCa);

        using var prover = new Spake2PlusProver(SystemCryptoPal.Instance, OpenSslP256Group.Instance, Code);
        yield return FuzzInput.Join(prover.Start(), new byte[Spake2Plus.ConfirmationLength]);

        // The identity in Go's (0, 0) form, a compressed point, and a point off the curve.
        byte[] zero = new byte[Spake2Plus.ShareLength];
        zero[0] = 0x04;
        yield return FuzzInput.Join(zero, []);
        byte[] compressed = digestPa.AsSpan(0, 33).ToArray();
        compressed[0] = 0x02;
        yield return FuzzInput.Join(compressed, []);
        byte[] offCurve = (byte[])digestPa.Clone();
        offCurve[64] ^= 1;
        yield return FuzzInput.Join(offCurve, digestCa);
    }
}
