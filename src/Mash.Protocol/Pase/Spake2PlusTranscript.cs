namespace Mash.Protocol.Pase;

/// <summary>
/// Copies of one session's intermediate values, handed to a test observer so known-answer tests
/// can check every step. Production code never sets an observer, so nothing here is retained.
/// Deliberately not a record: a generated ToString must not be able to print these.
/// </summary>
internal sealed class Spake2PlusTranscript
{
    public Spake2PlusTranscript(byte[] pA, byte[] pB, byte[] z, byte[] v, byte[] transcriptHash, byte[] sharedSecret, byte[] confirmKey)
    {
        PA = pA;
        PB = pB;
        Z = z;
        V = v;
        TranscriptHash = transcriptHash;
        SharedSecret = sharedSecret;
        ConfirmKey = confirmKey;
    }

    public byte[] PA { get; }

    public byte[] PB { get; }

    public byte[] Z { get; }

    public byte[] V { get; }

    public byte[] TranscriptHash { get; }

    public byte[] SharedSecret { get; }

    public byte[] ConfirmKey { get; }
}

/// <summary>Test hook: receives a <see cref="Spake2PlusTranscript"/> when a session derived its keys.</summary>
internal delegate void Spake2PlusTranscriptObserver(Spake2PlusTranscript transcript);
