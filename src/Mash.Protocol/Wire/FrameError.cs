namespace Mash.Protocol.Wire;

/// <summary>Why a byte stream stopped being a valid sequence of frames. Every value but None is fatal.</summary>
public enum FrameError
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>A header declared a payload of 0 bytes; even an empty CBOR map is one byte.</summary>
    ZeroLength = 1,

    /// <summary>A header declared more than the maximum; reported before any of the payload is buffered.</summary>
    TooLarge = 2,

    /// <summary>The stream ended after part of a header or payload.</summary>
    Truncated = 3,
}
