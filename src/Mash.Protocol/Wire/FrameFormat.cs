namespace Mash.Protocol.Wire;

/// <summary>
/// The frame layout shared by commissioning (PASE) and operational traffic: a 4-byte big-endian
/// payload length, then exactly that many bytes of CBOR.
/// </summary>
public static class FrameFormat
{
    /// <summary>Largest payload accepted or sent. Exactly this size is legal; one byte more is fatal.</summary>
    public const int MaxFrameSize = 65536;

    /// <summary>Size of the big-endian length prefix.</summary>
    public const int HeaderSize = 4;

    /// <summary>True for payload lengths a peer may declare: 1 to <see cref="MaxFrameSize"/>.</summary>
    public static bool IsValidLength(long length) => length >= 1 && length <= MaxFrameSize;
}
