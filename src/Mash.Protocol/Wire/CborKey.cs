using System;

namespace Mash.Protocol.Wire;

/// <summary>
/// A map key: an integer (MASH message, attribute and parameter keys) or a text string
/// (mash-go invoke parameters, the [63] control form).
/// </summary>
public readonly struct CborKey
{
    // Integers keep CBOR's own split: the unsigned value, or for negatives the encoded
    // argument n where the value is -1 - n. That covers the full -2^64..2^64-1 range.
    private readonly ulong _argument;
    private readonly bool _negative;
    private readonly string? _text;

    private CborKey(ulong argument, bool negative, string? text)
    {
        _argument = argument;
        _negative = negative;
        _text = text;
    }

    /// <summary>True for a text key.</summary>
    public bool IsText => _text is not null;

    /// <summary>The text of a text key, otherwise null.</summary>
    public string? Text => _text;

    internal ulong Argument => _argument;

    internal bool IsNegative => _negative;

    /// <summary>An unsigned integer key.</summary>
    public static CborKey FromUInt64(ulong value) => new(value, false, null);

    /// <summary>An integer key; non-negative values are encoded unsigned.</summary>
    public static CborKey FromInt64(long value) =>
        value >= 0 ? new((ulong)value, false, null) : new((ulong)(-1 - value), true, null);

    /// <summary>A text key.</summary>
    public static CborKey FromText(string text)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        return new(0, false, text);
    }

    internal static CborKey FromNegativeArgument(ulong argument) => new(argument, true, null);

    /// <summary>The key as an unsigned integer, if it is one.</summary>
    public bool TryGetUInt64(out ulong value)
    {
        value = _argument;
        return _text is null && !_negative;
    }

    /// <summary>The key as a signed 64-bit integer, if it is an integer in range.</summary>
    public bool TryGetInt64(out long value)
    {
        value = 0;
        if (_text is not null || _argument > long.MaxValue)
        {
            return false;
        }

        value = _negative ? -1 - (long)_argument : (long)_argument;
        return true;
    }

    /// <summary>Same integer, or same text (ordinal).</summary>
    public bool Equals(CborKey other) =>
        _argument == other._argument && _negative == other._negative && _text == other._text;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is CborKey other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() =>
        _text is not null ? _text.GetHashCode() : (int)_argument ^ (int)(_argument >> 32) ^ (_negative ? 0x5bd1e995 : 0);

    /// <summary>Key equality.</summary>
    public static bool operator ==(CborKey left, CborKey right) => left.Equals(right);

    /// <summary>Key inequality.</summary>
    public static bool operator !=(CborKey left, CborKey right) => !left.Equals(right);

    /// <summary>Diagnostic notation: 72, -1 or "cause".</summary>
    public override string ToString()
    {
        if (_text is not null)
        {
            return "\"" + _text + "\"";
        }

        return _negative ? CborValue.NegativeText(_argument) : _argument.ToString();
    }
}
