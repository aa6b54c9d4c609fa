using System;
using Mash.Protocol.Crypto;
using Mash.Protocol.Portable;

namespace Mash.Protocol.Pase;

/// <summary>
/// The keys one SPAKE2+ run derives from its transcript, and the confirmation MACs made and
/// checked with them. Both roles share this: the prover and the verifier differ only in how they
/// reach Z and V and which confirmation is theirs. Every secret is wiped on a failed check, on
/// <see cref="Wipe"/> and on dispose.
/// </summary>
internal sealed class Spake2PlusSessionKeys : IDisposable
{
    private readonly ICryptoPal _crypto;
    private readonly byte[] _sharedSecret = new byte[Spake2Plus.SharedSecretLength];
    private readonly byte[] _confirmKey = new byte[Spake2PlusKeySchedule.KeyLength];
    private byte[]? _pA;
    private byte[]? _pB;

    public Spake2PlusSessionKeys(ICryptoPal crypto)
    {
        _crypto = crypto;
    }

    /// <summary>Derives the shared secret and confirmation key; hands copies of every value to <paramref name="observer"/> (tests only).</summary>
    public void Derive(byte[] pA, byte[] pB, byte[] z, byte[] v, byte[] w0, Spake2PlusTranscriptObserver? observer)
    {
        byte[] transcriptHash = new byte[Spake2PlusKeySchedule.TranscriptHashLength];
        try
        {
            Spake2PlusKeySchedule.DeriveKeys(_crypto, pA, pB, z, v, w0, transcriptHash, _sharedSecret, _confirmKey);
            _pA = pA;
            _pB = pB;
            observer?.Invoke(new Spake2PlusTranscript(
                Bytes.Copy(pA),
                Bytes.Copy(pB),
                Bytes.Copy(z),
                Bytes.Copy(v),
                Bytes.Copy(transcriptHash),
                Bytes.Copy(_sharedSecret),
                Bytes.Copy(_confirmKey)));
        }
        finally
        {
            Bytes.Clear(transcriptHash);
        }
    }

    /// <summary>cA, the prover's confirmation.</summary>
    public byte[] ClientConfirmation() => Spake2PlusKeySchedule.ClientConfirmation(_crypto, _confirmKey, _pA!, _pB!);

    /// <summary>cB, the verifier's confirmation.</summary>
    public byte[] ServerConfirmation() => Spake2PlusKeySchedule.ServerConfirmation(_crypto, _confirmKey, _pA!, _pB!);

    /// <summary>The device checks the controller's cA; see <see cref="Check"/>.</summary>
    public bool CheckClientConfirmation(byte[]? cA) => Check(cA, client: true);

    /// <summary>The controller checks the device's cB; see <see cref="Check"/>.</summary>
    public bool CheckServerConfirmation(byte[]? cB) => Check(cB, client: false);

    /// <summary>A copy of the shared secret; the caller clears it when done.</summary>
    public byte[] CopySharedSecret() => Bytes.Copy(_sharedSecret);

    public void Wipe()
    {
        Bytes.Clear(_sharedSecret);
        Bytes.Clear(_confirmKey);
    }

    public void Dispose() => Wipe();

    public static void Clear(byte[]? buffer) => Spake2PlusKeySchedule.Clear(buffer);

    /// <summary>
    /// Compares in constant time. The confirmation key is used once: it is wiped either way, and
    /// a mismatch (wrong code or a tampered exchange) wipes the shared secret too.
    /// </summary>
    private bool Check(byte[]? received, bool client)
    {
        byte[] expected = client ? ClientConfirmation() : ServerConfirmation();
        try
        {
            bool ok = Bytes.FixedTimeEquals(expected, received ?? Bytes.Empty);
            Bytes.Clear(_confirmKey);
            if (!ok)
            {
                Wipe();
            }

            return ok;
        }
        finally
        {
            Bytes.Clear(expected);
        }
    }
}
