using System;
using System.Security.Cryptography;
using Org.BouncyCastle.Math;

namespace Mash.Protocol.Pase;

/// <summary>
/// The keys one SPAKE2+ run derives from its transcript, and the confirmation MACs made and
/// checked with them. Both roles share this: the prover and the verifier differ only in how they
/// reach Z and V and which confirmation is theirs. Every secret is wiped on a failed check, on
/// <see cref="Wipe"/> and on dispose.
/// </summary>
internal sealed class Spake2PlusSessionKeys : IDisposable
{
    private readonly byte[] _sharedSecret = new byte[Spake2Plus.SharedSecretLength];
    private readonly byte[] _confirmKey = new byte[Spake2PlusKeySchedule.KeyLength];
    private byte[]? _pA;
    private byte[]? _pB;

    /// <summary>Derives the shared secret and confirmation key; hands copies of every value to <paramref name="observer"/> (tests only).</summary>
    public void Derive(byte[] pA, byte[] pB, byte[] z, byte[] v, BigInteger w0, Action<Spake2PlusTranscript>? observer)
    {
        Span<byte> transcriptHash = stackalloc byte[Spake2PlusKeySchedule.TranscriptHashLength];
        try
        {
            Spake2PlusKeySchedule.DeriveKeys(pA, pB, z, v, w0, transcriptHash, _sharedSecret, _confirmKey);
            _pA = pA;
            _pB = pB;
            observer?.Invoke(new Spake2PlusTranscript
            {
                PA = (byte[])pA.Clone(),
                PB = (byte[])pB.Clone(),
                Z = (byte[])z.Clone(),
                V = (byte[])v.Clone(),
                TranscriptHash = transcriptHash.ToArray(),
                SharedSecret = (byte[])_sharedSecret.Clone(),
                ConfirmKey = (byte[])_confirmKey.Clone(),
            });
        }
        finally
        {
            CryptographicOperations.ZeroMemory(transcriptHash);
        }
    }

    /// <summary>cA, the prover's confirmation.</summary>
    public byte[] ClientConfirmation()
    {
        var cA = new byte[Spake2Plus.ConfirmationLength];
        Spake2PlusKeySchedule.ClientConfirmation(_confirmKey, _pA!, _pB!, cA);
        return cA;
    }

    /// <summary>cB, the verifier's confirmation.</summary>
    public byte[] ServerConfirmation()
    {
        var cB = new byte[Spake2Plus.ConfirmationLength];
        Spake2PlusKeySchedule.ServerConfirmation(_confirmKey, _pA!, _pB!, cB);
        return cB;
    }

    /// <summary>The device checks the controller's cA; see <see cref="Check"/>.</summary>
    public bool CheckClientConfirmation(ReadOnlySpan<byte> cA) => Check(cA, client: true);

    /// <summary>The controller checks the device's cB; see <see cref="Check"/>.</summary>
    public bool CheckServerConfirmation(ReadOnlySpan<byte> cB) => Check(cB, client: false);

    /// <summary>A copy of the shared secret; the caller clears it when done.</summary>
    public byte[] CopySharedSecret() => (byte[])_sharedSecret.Clone();

    public void Wipe()
    {
        CryptographicOperations.ZeroMemory(_sharedSecret);
        CryptographicOperations.ZeroMemory(_confirmKey);
    }

    public void Dispose() => Wipe();

    public static void Clear(byte[]? buffer)
    {
        if (buffer is not null)
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }

    /// <summary>
    /// Compares in constant time. The confirmation key is used once: it is wiped either way, and
    /// a mismatch (wrong code or a tampered exchange) wipes the shared secret too.
    /// </summary>
    private bool Check(ReadOnlySpan<byte> received, bool client)
    {
        Span<byte> expected = stackalloc byte[Spake2Plus.ConfirmationLength];
        try
        {
            if (client)
            {
                Spake2PlusKeySchedule.ClientConfirmation(_confirmKey, _pA!, _pB!, expected);
            }
            else
            {
                Spake2PlusKeySchedule.ServerConfirmation(_confirmKey, _pA!, _pB!, expected);
            }

            bool ok = CryptographicOperations.FixedTimeEquals(expected, received);
            CryptographicOperations.ZeroMemory(_confirmKey);
            if (!ok)
            {
                Wipe();
            }

            return ok;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(expected);
        }
    }
}
