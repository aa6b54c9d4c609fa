using System;
using Mash.Protocol.Crypto;
using Mash.Protocol.Portable;

namespace Mash.Protocol.Pase;

/// <summary>
/// The device's side of one SPAKE2+ run, working from the stored <see cref="Spake2PlusVerifier"/>:
/// <see cref="Respond"/> takes pA and gives pB, <see cref="VerifyClientConfirmation"/> checks cA,
/// and <see cref="ServerConfirmation"/> is cB. The reference device sends cB whether or not cA
/// verified, so cB stays readable after a failed check; the shared secret does not.
/// </summary>
public sealed class Spake2PlusVerifierSession : IDisposable
{
    private readonly ICryptoPal _crypto;
    private readonly ISpake2pGroup _group;
    private readonly Spake2PlusVerifier _verifier;
    private readonly byte[] _y;
    private readonly Spake2PlusSessionKeys _keys;
    private byte[]? _cB;
    private Stage _stage;

    /// <summary>A session with a fresh random ephemeral y.</summary>
    public Spake2PlusVerifierSession(ICryptoPal crypto, ISpake2pGroup group, Spake2PlusVerifier verifier)
    {
        ArgumentNullException.ThrowIfNull(crypto, nameof(crypto));
        ArgumentNullException.ThrowIfNull(group, nameof(group));
        ArgumentNullException.ThrowIfNull(verifier, nameof(verifier));
        _crypto = crypto;
        _group = group;
        _verifier = verifier;
        _keys = new Spake2PlusSessionKeys(crypto);
        _y = Spake2PlusGroup.RandomScalar(crypto, group);
    }

    /// <summary>Fixed ephemeral y (32 bytes big-endian, in [1, n)): for known-answer tests only.</summary>
    internal Spake2PlusVerifierSession(ICryptoPal crypto, ISpake2pGroup group, Spake2PlusVerifier verifier, byte[] y)
    {
        ArgumentNullException.ThrowIfNull(crypto, nameof(crypto));
        ArgumentNullException.ThrowIfNull(group, nameof(group));
        ArgumentNullException.ThrowIfNull(verifier, nameof(verifier));
        _crypto = crypto;
        _group = group;
        _verifier = verifier;
        _keys = new Spake2PlusSessionKeys(crypto);
        _y = Spake2PlusGroup.ParseScalar(group, y, "y");
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
                throw new InvalidOperationException("the server confirmation exists only after Respond succeeded (session is " + StageName(_stage) + ")");
            }

            return Bytes.Copy(_cB);
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
    internal Spake2PlusTranscriptObserver? TranscriptObserver { get; set; }

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
    public byte[] Respond(byte[]? pA)
    {
        Require(Stage.Created, "Respond may be called once");
        byte[]? z = null;
        byte[]? v = null;
        try
        {
            // The dummy is made on every run so the work (and time) does not depend on the path.
            byte[] dummy = _group.PointMul(Spake2PlusGroup.Generator, Spake2PlusGroup.RandomScalar(_crypto, _group));
            byte[] x = dummy;
            try
            {
                byte[] share = Spake2PlusGroup.DecodeShare(_group, pA, "pA");
                x = Spake2PlusGroup.Unblind(_group, share, _verifier.W0, Spake2PlusGroup.M);
                if (_group.PointIsIdentity(x))
                {
                    Rejection = "pA minus w0·M is the identity element (a crafted share)";
                    x = dummy;
                }
            }
            catch (PaseException ex)
            {
                Rejection = ex.Message;
            }

            byte[] pB = Spake2PlusGroup.RequireNotIdentity(_group, Spake2PlusGroup.BlindedShare(_group, _y, _verifier.W0, Spake2PlusGroup.N), "pB");
            z = Spake2PlusGroup.RequireNotIdentity(_group, _group.PointMul(x, _y), "Z");
            v = Spake2PlusGroup.RequireNotIdentity(_group, _group.PointMul(_verifier.L, _y), "V");
            _keys.Derive(pA is null ? Bytes.Empty : Bytes.Copy(pA), pB, z, v, _verifier.W0, Rejection is null ? TranscriptObserver : null);
            _cB = _keys.ServerConfirmation();
            _stage = Stage.Responded;
            return Bytes.Copy(pB);
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
    public bool VerifyClientConfirmation(byte[]? cA)
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
        Bytes.Clear(_y);
        _stage = Stage.Disposed;
    }

    public override string ToString() => "Spake2PlusVerifierSession (" + StageName(_stage) + ")";

    private static string StageName(Stage stage)
    {
        switch (stage)
        {
            case Stage.Created: return "Created";
            case Stage.Responded: return "Responded";
            case Stage.Confirmed: return "Confirmed";
            case Stage.Failed: return "Failed";
            default: return "Disposed";
        }
    }

    private void Fail()
    {
        _keys.Wipe();
        _stage = Stage.Failed;
    }

    private void ThrowIfDisposed()
    {
        if (_stage == Stage.Disposed)
        {
            throw new ObjectDisposedException(nameof(Spake2PlusVerifierSession));
        }
    }

    private void Require(Stage expected, string rule)
    {
        ThrowIfDisposed();
        if (_stage != expected)
        {
            throw new InvalidOperationException(rule + " (session is " + StageName(_stage) + ")");
        }
    }
}
