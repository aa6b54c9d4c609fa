namespace Mash.Protocol.Wire;

/// <summary>The kinds of value a MASH payload can carry.</summary>
public enum CborValueKind
{
    /// <summary>null (CBOR undefined decodes to this too, as in the reference).</summary>
    Null = 0,

    /// <summary>true or false.</summary>
    Boolean = 1,

    /// <summary>An integer from -2^64 to 2^64-1.</summary>
    Integral = 2,

    /// <summary>A floating-point number; half and single precision widen to double.</summary>
    FloatingPoint = 3,

    /// <summary>A UTF-8 text string.</summary>
    Text = 4,

    /// <summary>A byte string.</summary>
    Bytes = 5,

    /// <summary>An array of values.</summary>
    Array = 6,

    /// <summary>A map with integer or text keys.</summary>
    Map = 7,
}
