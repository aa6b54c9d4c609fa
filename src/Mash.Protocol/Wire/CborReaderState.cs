namespace Mash.Protocol.Wire;

/// <summary>What <see cref="CborReader.PeekState"/> sees next (names as in System.Formats.Cbor).</summary>
public enum CborReaderState
{
    /// <summary>Not used by a well-formed reader state.</summary>
    Undefined = 0,

    /// <summary>Major type 0.</summary>
    UnsignedInteger,

    /// <summary>Major type 1.</summary>
    NegativeInteger,

    /// <summary>A definite-length byte string.</summary>
    ByteString,

    /// <summary>An indefinite-length byte string (read it whole with ReadByteString).</summary>
    StartIndefiniteLengthByteString,

    /// <summary>A definite-length text string.</summary>
    TextString,

    /// <summary>An indefinite-length text string (read it whole with ReadTextString).</summary>
    StartIndefiniteLengthTextString,

    /// <summary>An array starts.</summary>
    StartArray,

    /// <summary>The current array has no more elements.</summary>
    EndArray,

    /// <summary>A map starts.</summary>
    StartMap,

    /// <summary>The current map has no more entries.</summary>
    EndMap,

    /// <summary>A tag (major type 6).</summary>
    Tag,

    /// <summary>A simple value other than false, true and null (undefined included).</summary>
    SimpleValue,

    /// <summary>A half-precision float.</summary>
    HalfPrecisionFloat,

    /// <summary>A single-precision float.</summary>
    SinglePrecisionFloat,

    /// <summary>A double-precision float.</summary>
    DoublePrecisionFloat,

    /// <summary>null.</summary>
    Null,

    /// <summary>true or false.</summary>
    Boolean,

    /// <summary>The root item has been read.</summary>
    Finished,
}
