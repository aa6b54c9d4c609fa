using System;
using Mash.Protocol.Onboarding;
using Org.BouncyCastle.Math;
using ECPoint = Org.BouncyCastle.Math.EC.ECPoint;

namespace Mash.Protocol.Pase;

/// <summary>
/// The controller's side of one SPAKE2+ run: <see cref="Start"/> gives pA, <see cref="Finish"/>
/// takes pB and gives cA, <see cref="VerifyServerConfirmation"/> checks cB. The shared secret is
/// released only after cB verified. One instance serves one attempt; any failure ends it.
/// </summary>
public sealed class Spake2PlusProver : IDisposable
{
    private readonly BigInteger _w0;
    private readonly BigInteger _w1;
    private readonly BigInteger _x;
    private readonly Spake2PlusSessionKeys _keys = new();
    private byte[]? _pA;
    private Stage _stage;

    public Spake2PlusProver(SetupCode code)
        : this(Spake2PlusKeySchedule.DeriveScalars(code), Spake2PlusGroup.RandomScalar())
    {
    }

    /// <summary>Fixed ephemeral x (32 bytes big-endian, in [1, n)): for known-answer tests only.</summary>
    internal Spake2PlusProver(SetupCode code, ReadOnlySpan<byte> x)
        : this(Spake2PlusKeySchedule.DeriveScalars(code), Spake2PlusGroup.ParseScalar(x, "x"))
    {
    }

    /// <summary>Raw w0, w1 and x, as RFC 9383's test vectors give them.</summary>
    internal Spake2PlusProver(BigInteger w0, BigInteger w1, BigInteger x)
    {
        _w0 = w0;
        _w1 = w1;
        _x = x;
    }

    private Spake2PlusProver((BigInteger W0, BigInteger W1) scalars, BigInteger x)
        : this(scalars.W0, scalars.W1, x)
    {
    }

    private enum Stage
    {
        Created,
        Started,
        Finished,
        Confirmed,
        Failed,
        Disposed,
    }

    /// <summary>The shared secret, after <see cref="VerifyServerConfirmation"/> returned true. A copy; clear it when done.</summary>
    public byte[] SharedSecret
    {
        get
        {
            Require(Stage.Confirmed, "the shared secret is available only after the server confirmation verified");
            return _keys.CopySharedSecret();
        }
    }

    /// <summary>Test hook: receives copies of every intermediate value when <see cref="Finish"/> succeeds.</summary>
    internal Action<Spake2PlusTranscript>? TranscriptObserver { get; set; }

    /// <summary>pA = x·G + w0·M, 65 bytes uncompressed.</summary>
    public byte[] Start()
    {
        Require(Stage.Created, "Start may be called once, before Finish");
        ECPoint share = Spake2PlusGroup.BlindedShare(_x, _w0, Spake2PlusGroup.M);
        _pA = Spake2PlusGroup.Encode(share, "pA");
        _stage = Stage.Started;
        return (byte[])_pA.Clone();
    }

    /// <summary>
    /// Takes the device's pB, derives the keys and returns cA. Throws <see cref="PaseException"/>
    /// for an invalid pB (the session is then over).
    /// </summary>
    public byte[] Finish(ReadOnlySpan<byte> pB)
    {
        Require(Stage.Started, "Finish needs Start first and may be called once");
        byte[]? z = null;
        byte[]? v = null;
        try
        {
            ECPoint share = Spake2PlusGroup.DecodeShare(pB, "pB");
            ECPoint y = Spake2PlusGroup.Unblind(share, _w0, Spake2PlusGroup.N);
            if (y.IsInfinity)
            {
                throw new PaseException("pB minus w0·N is the identity element");
            }

            z = Spake2PlusGroup.Encode(Spake2PlusGroup.Multiply(y, _x), "Z");
            v = Spake2PlusGroup.Encode(Spake2PlusGroup.Multiply(y, _w1), "V");
            _keys.Derive(_pA!, pB.ToArray(), z, v, _w0, TranscriptObserver);
            _stage = Stage.Finished;
            return _keys.ClientConfirmation();
        }
        catch
        {
            Fail();
            throw;
        }
        finally
        {
            Spake2PlusSessionKeys.Clear(z);
            Spake2PlusSessionKeys.Clear(v);
        }
    }

    /// <summary>
    /// Checks the device's cB in constant time. True releases <see cref="SharedSecret"/>; false
    /// (wrong code, or a tampered exchange) ends the session and wipes the keys.
    /// </summary>
    public bool VerifyServerConfirmation(ReadOnlySpan<byte> cB)
    {
        Require(Stage.Finished, "VerifyServerConfirmation needs Finish first and may be called once");
        bool ok = _keys.CheckServerConfirmation(cB);
        _stage = ok ? Stage.Confirmed : Stage.Failed;
        return ok;
    }

    public void Dispose()
    {
        _keys.Dispose();
        _stage = Stage.Disposed;
    }

    public override string ToString() => $"{nameof(Spake2PlusProver)} ({_stage})";

    private void Fail()
    {
        _keys.Wipe();
        _stage = Stage.Failed;
    }

    private void Require(Stage expected, string rule)
    {
        ObjectDisposedException.ThrowIf(_stage == Stage.Disposed, this);
        if (_stage != expected)
        {
            throw new InvalidOperationException($"{rule} (session is {_stage})");
        }
    }
}
