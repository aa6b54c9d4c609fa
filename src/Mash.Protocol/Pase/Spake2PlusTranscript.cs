namespace Mash.Protocol.Pase;

/// <summary>
/// Copies of one session's intermediate values, handed to a test observer so known-answer tests
/// can check every step. Production code never sets an observer, so nothing here is retained.
/// Deliberately not a record: a generated ToString must not be able to print these.
/// </summary>
internal sealed class Spake2PlusTranscript
{
    public required byte[] PA { get; init; }

    public required byte[] PB { get; init; }

    public required byte[] Z { get; init; }

    public required byte[] V { get; init; }

    public required byte[] TranscriptHash { get; init; }

    public required byte[] SharedSecret { get; init; }

    public required byte[] ConfirmKey { get; init; }
}
