using System;
using Mash.Protocol.Crypto;
using Mash.Protocol.Onboarding;
using Mash.Protocol.Portable;

namespace Mash.Protocol.Pase;

/// <summary>
/// The controller's side of one SPAKE2+ run: <see cref="Start"/> gives pA, <see cref="Finish"/>
/// takes pB and gives cA, <see cref="VerifyServerConfirmation"/> checks cB. The shared secret is
/// released only after cB verified. One instance serves one attempt; any failure ends it.
/// </summary>
public sealed class Spake2PlusProver : IDisposable
{
    private readonly ISpake2pGroup _group;
    private readonly byte[] _w0;
    private readonly byte[] _w1;
    private readonly byte[] _x;
    private readonly Spake2PlusSessionKeys _keys;
    private byte[]? _pA;
    private Stage _stage;

    /// <summary>A prover for <paramref name="code"/> with a fresh random ephemeral x.</summary>
    public Spake2PlusProver(ICryptoPal crypto, ISpake2pGroup group, SetupCode code)
    {
        ArgumentNullException.ThrowIfNull(crypto, nameof(crypto));
        ArgumentNullException.ThrowIfNull(group, nameof(group));
        _group = group;
        _keys = new Spake2PlusSessionKeys(crypto);
        Spake2PlusKeySchedule.DeriveScalars(crypto, group, code, out _w0, out _w1);
        _x = Spake2PlusGroup.RandomScalar(crypto, group);
    }

    /// <summary>Fixed ephemeral x (32 bytes big-endian, in [1, n)): for known-answer tests only.</summary>
    internal Spake2PlusProver(ICryptoPal crypto, ISpake2pGroup group, SetupCode code, byte[] x)
    {
        ArgumentNullException.ThrowIfNull(crypto, nameof(crypto));
        ArgumentNullException.ThrowIfNull(group, nameof(group));
        _group = group;
        _keys = new Spake2PlusSessionKeys(crypto);
        _x = Spake2PlusGroup.ParseScalar(group, x, "x");
        Spake2PlusKeySchedule.DeriveScalars(crypto, group, code, out _w0, out _w1);
    }

    /// <summary>Raw w0, w1 and x (32 bytes big-endian each), as RFC 9383's test vectors give them.</summary>
    internal Spake2PlusProver(ICryptoPal crypto, ISpake2pGroup group, byte[] w0, byte[] w1, byte[] x)
    {
        ArgumentNullException.ThrowIfNull(crypto, nameof(crypto));
        ArgumentNullException.ThrowIfNull(group, nameof(group));
        _group = group;
        _keys = new Spake2PlusSessionKeys(crypto);
        _w0 = Spake2PlusGroup.ParseScalar(group, w0, "w0");
        _w1 = Spake2PlusGroup.ParseScalar(group, w1, "w1");
        _x = Spake2PlusGroup.ParseScalar(group, x, "x");
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
    internal Spake2PlusTranscriptObserver? TranscriptObserver { get; set; }

    /// <summary>pA = x·G + w0·M, 65 bytes uncompressed.</summary>
    public byte[] Start()
    {
        Require(Stage.Created, "Start may be called once, before Finish");
        byte[] share = Spake2PlusGroup.BlindedShare(_group, _x, _w0, Spake2PlusGroup.M);
        _pA = Spake2PlusGroup.RequireNotIdentity(_group, share, "pA");
        _stage = Stage.Started;
        return Bytes.Copy(_pA);
    }

    /// <summary>
    /// Takes the device's pB, derives the keys and returns cA. Throws <see cref="PaseException"/>
    /// for an invalid pB (the session is then over).
    /// </summary>
    public byte[] Finish(byte[]? pB)
    {
        Require(Stage.Started, "Finish needs Start first and may be called once");
        byte[]? z = null;
        byte[]? v = null;
        try
        {
            byte[] share = Spake2PlusGroup.DecodeShare(_group, pB, "pB");
            byte[] y = Spake2PlusGroup.Unblind(_group, share, _w0, Spake2PlusGroup.N);
            if (_group.PointIsIdentity(y))
            {
                throw new PaseException("pB minus w0·N is the identity element");
            }

            z = Spake2PlusGroup.RequireNotIdentity(_group, _group.PointMul(y, _x), "Z");
            v = Spake2PlusGroup.RequireNotIdentity(_group, _group.PointMul(y, _w1), "V");
            _keys.Derive(_pA!, share, z, v, _w0, TranscriptObserver);
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
    public bool VerifyServerConfirmation(byte[]? cB)
    {
        Require(Stage.Finished, "VerifyServerConfirmation needs Finish first and may be called once");
        bool ok = _keys.CheckServerConfirmation(cB);
        _stage = ok ? Stage.Confirmed : Stage.Failed;
        return ok;
    }

    public void Dispose()
    {
        _keys.Dispose();
        Bytes.Clear(_w0);
        Bytes.Clear(_w1);
        Bytes.Clear(_x);
        _stage = Stage.Disposed;
    }

    public override string ToString() => "Spake2PlusProver (" + StageName(_stage) + ")";

    private static string StageName(Stage stage)
    {
        switch (stage)
        {
            case Stage.Created: return "Created";
            case Stage.Started: return "Started";
            case Stage.Finished: return "Finished";
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

    private void Require(Stage expected, string rule)
    {
        if (_stage == Stage.Disposed)
        {
            throw new ObjectDisposedException(nameof(Spake2PlusProver));
        }

        if (_stage != expected)
        {
            throw new InvalidOperationException(rule + " (session is " + StageName(_stage) + ")");
        }
    }
}
