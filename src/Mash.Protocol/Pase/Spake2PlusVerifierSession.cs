using System;
using Org.BouncyCastle.Math;
using ECPoint = Org.BouncyCastle.Math.EC.ECPoint;

namespace Mash.Protocol.Pase;

/// <summary>
/// The device's side of one SPAKE2+ run, working from the stored <see cref="Spake2PlusVerifier"/>:
/// <see cref="Respond"/> takes pA and gives pB, <see cref="VerifyClientConfirmation"/> checks cA,
/// and <see cref="ServerConfirmation"/> is cB. The reference device sends cB whether or not cA
/// verified, so cB stays readable after a failed check; the shared secret does not.
/// </summary>
public sealed class Spake2PlusVerifierSession : IDisposable
{
    private readonly Spake2PlusVerifier _verifier;
    private readonly BigInteger _y;
    private readonly Spake2PlusSessionKeys _keys = new();
    private byte[]? _cB;
    private Stage _stage;

    public Spake2PlusVerifierSession(Spake2PlusVerifier verifier)
        : this(verifier, Spake2PlusGroup.RandomScalar())
    {
    }

    /// <summary>Fixed ephemeral y (32 bytes big-endian, in [1, n)): for known-answer tests only.</summary>
    internal Spake2PlusVerifierSession(Spake2PlusVerifier verifier, ReadOnlySpan<byte> y)
        : this(verifier, Spake2PlusGroup.ParseScalar(y, "y"))
    {
    }

    internal Spake2PlusVerifierSession(Spake2PlusVerifier verifier, BigInteger y)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        _verifier = verifier;
        _y = y;
    }

    private enum Stage
    {
        Created,
        Responded,
        Confirmed,
        Failed,
        Disposed,
    }

    /// <summary>cB, 32 bytes, available once <see cref="Respond"/> succeeded (also after cA failed).</summary>
    public byte[] ServerConfirmation
    {
        get
        {
            ThrowIfDisposed();
            if (_cB is null)
            {
                throw new InvalidOperationException($"the server confirmation exists only after Respond succeeded (session is {_stage})");
            }

            return (byte[])_cB.Clone();
        }
    }

    /// <summary>The shared secret, after <see cref="VerifyClientConfirmation"/> returned true. A copy; clear it when done.</summary>
    public byte[] SharedSecret
    {
        get
        {
            Require(Stage.Confirmed, "the shared secret is available only after the client confirmation verified");
            return _keys.CopySharedSecret();
        }
    }

    /// <summary>Test hook: receives copies of every intermediate value when <see cref="Respond"/> succeeds.</summary>
    internal Action<Spake2PlusTranscript>? TranscriptObserver { get; set; }

    /// <summary>
    /// Why this run can never verify (an invalid pA, or pA - w0·M the identity), for the device's
    /// own log only; null for an ordinary run. Never sent to the peer.
    /// </summary>
    public string? Rejection { get; private set; }

    /// <summary>
    /// Takes the controller's pA, returns pB = y·G + w0·N and derives the keys. Never refuses: an
    /// invalid pA, or one whose unblinded X = pA - w0·M is the identity (which happens exactly
    /// when pA = w0·M, i.e. the sender guessed the setup code), is answered like any other, with
    /// a random X in its place, and <see cref="VerifyClientConfirmation"/> then always fails. A
    /// distinct answer would tell a guesser whether its guess was right without a confirmation,
    /// and so without ever counting as a failed attempt.
    /// </summary>
    public byte[] Respond(ReadOnlySpan<byte> pA)
    {
        Require(Stage.Created, "Respond may be called once");
        byte[]? z = null;
        byte[]? v = null;
        try
        {
            // The dummy is made on every run so the work (and time) does not depend on the path.
            ECPoint dummy = Spake2PlusGroup.Multiply(Spake2PlusGroup.Generator, Spake2PlusGroup.RandomScalar());
            ECPoint x = dummy;
            try
            {
                ECPoint share = Spake2PlusGroup.DecodeShare(pA, "pA");
                x = Spake2PlusGroup.Unblind(share, _verifier.W0, Spake2PlusGroup.M);
                if (x.IsInfinity)
                {
                    Rejection = "pA minus w0·M is the identity element (a crafted share)";
                    x = dummy;
                }
            }
            catch (PaseException ex)
            {
                Rejection = ex.Message;
            }

            byte[] pB = Spake2PlusGroup.Encode(Spake2PlusGroup.BlindedShare(_y, _verifier.W0, Spake2PlusGroup.N), "pB");
            z = Spake2PlusGroup.Encode(Spake2PlusGroup.Multiply(x, _y), "Z");
            v = Spake2PlusGroup.Encode(Spake2PlusGroup.Multiply(_verifier.L, _y), "V");
            _keys.Derive(pA.ToArray(), pB, z, v, _verifier.W0, Rejection is null ? TranscriptObserver : null);
            _cB = _keys.ServerConfirmation();
            _stage = Stage.Responded;
            return (byte[])pB.Clone();
        }
        catch
        {
            _cB = null;
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
    /// Checks the controller's cA in constant time. True releases <see cref="SharedSecret"/>;
    /// false (wrong code, or a tampered exchange) wipes the keys but leaves cB readable.
    /// </summary>
    public bool VerifyClientConfirmation(ReadOnlySpan<byte> cA)
    {
        Require(Stage.Responded, "VerifyClientConfirmation needs Respond first and may be called once");
        // The MAC is checked (in constant time) also for a rejected pA, so both cost the same.
        bool ok = _keys.CheckClientConfirmation(cA) & (Rejection is null);
        if (!ok)
        {
            _keys.Wipe();
        }

        _stage = ok ? Stage.Confirmed : Stage.Failed;
        return ok;
    }

    public void Dispose()
    {
        _keys.Dispose();
        _stage = Stage.Disposed;
    }

    public override string ToString() => $"{nameof(Spake2PlusVerifierSession)} ({_stage})";

    private void Fail()
    {
        _keys.Wipe();
        _stage = Stage.Failed;
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_stage == Stage.Disposed, this);

    private void Require(Stage expected, string rule)
    {
        ThrowIfDisposed();
        if (_stage != expected)
        {
            throw new InvalidOperationException($"{rule} (session is {_stage})");
        }
    }
}
