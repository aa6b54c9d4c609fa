using System;
using Mash.Protocol.Portable;

namespace Mash.Protocol.Wire;

/// <summary>
/// An immutable CBOR value as MASH payloads use it: null, bool, integer, double, text, bytes,
/// array, or map (see <see cref="CborMap"/>). Typed accessors throw
/// <see cref="WireFormatException"/>, because a value of the wrong kind is a malformed message.
/// </summary>
public sealed class CborValue
{
    private readonly ulong _argument;
    private readonly bool _negative;
    private readonly double _double;
    private readonly object? _reference;

    private CborValue(CborValueKind kind, ulong argument = 0, bool negative = false, double number = 0, object? reference = null)
    {
        Kind = kind;
        _argument = argument;
        _negative = negative;
        _double = number;
        _reference = reference;
    }

    /// <summary>The null value.</summary>
    public static CborValue Null { get; } = new(CborValueKind.Null);

    /// <summary>The value true.</summary>
    public static CborValue True { get; } = new(CborValueKind.Boolean, argument: 1);

    /// <summary>The value false.</summary>
    public static CborValue False { get; } = new(CborValueKind.Boolean, argument: 0);

    /// <summary>What this value is.</summary>
    public CborValueKind Kind { get; }

    /// <summary>True for null.</summary>
    public bool IsNull => Kind == CborValueKind.Null;

    /// <summary>True for an integer below zero.</summary>
    public bool IsNegative => Kind == CborValueKind.Integral && _negative;

    /// <summary>Element count of an array, or entry count of a map; 0 otherwise.</summary>
    public int Count => _reference switch
    {
        CborValue[] items => items.Length,
        CborMap map => map.Count,
        _ => 0,
    };

    /// <summary>Array element at <paramref name="index"/>.</summary>
    public CborValue this[int index] => ExpectArray()[index];

    /// <summary>A boolean.</summary>
    public static CborValue FromBoolean(bool value) => value ? True : False;

    /// <summary>An integer; non-negative values are encoded as CBOR unsigned integers.</summary>
    public static CborValue FromInt64(long value) =>
        value >= 0
            ? new(CborValueKind.Integral, argument: (ulong)value)
            : new(CborValueKind.Integral, argument: (ulong)(-1 - value), negative: true);

    /// <summary>An unsigned integer.</summary>
    public static CborValue FromUInt64(ulong value) => new(CborValueKind.Integral, argument: value);

    /// <summary>A floating-point number (always sent as float64).</summary>
    public static CborValue FromDouble(double value) => new(CborValueKind.FloatingPoint, number: value);

    /// <summary>A text string.</summary>
    public static CborValue FromText(string value)
    {
        if (value is null)
        {
            throw new ArgumentNullException(nameof(value));
        }

        return new(CborValueKind.Text, reference: value);
    }

    /// <summary>A byte string; the bytes are copied.</summary>
    public static CborValue FromBytes(byte[] value)
    {
        if (value is null)
        {
            throw new ArgumentNullException(nameof(value));
        }

        return FromBytes(value, 0, value.Length);
    }

    /// <summary>A byte string of <paramref name="count"/> bytes from <paramref name="offset"/>; the bytes are copied.</summary>
    public static CborValue FromBytes(byte[] value, int offset, int count)
    {
        if (value is null)
        {
            throw new ArgumentNullException(nameof(value));
        }

        return new(CborValueKind.Bytes, reference: Bytes.Slice(value, offset, count));
    }

    /// <summary>An array; the element list is copied.</summary>
    public static CborValue FromArray(params CborValue[] items)
    {
        if (items is null)
        {
            throw new ArgumentNullException(nameof(items));
        }

        var copy = new CborValue[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            copy[i] = items[i] ?? throw new ArgumentException("Array elements cannot be null; use CborValue.Null.", nameof(items));
        }

        return new(CborValueKind.Array, reference: copy);
    }

    /// <summary>A map. The map is referenced, not copied; do not change it after encoding starts.</summary>
    public static CborValue FromMap(CborMap map)
    {
        if (map is null)
        {
            throw new ArgumentNullException(nameof(map));
        }

        return new(CborValueKind.Map, reference: map);
    }

    internal static CborValue FromNegativeArgument(ulong argument) => new(CborValueKind.Integral, argument: argument, negative: true);

    internal static CborValue WrapBytes(byte[] owned) => new(CborValueKind.Bytes, reference: owned);

    internal static CborValue WrapArray(CborValue[] owned) => new(CborValueKind.Array, reference: owned);

    /// <summary>Decodes exactly one CBOR item with the default limits.</summary>
    /// <exception cref="WireFormatException">Malformed, over a limit, or followed by trailing bytes.</exception>
    public static CborValue Decode(byte[] cbor) => Decode(cbor, CborDecodeLimits.Default);

    /// <summary>Decodes exactly one CBOR item with explicit limits.</summary>
    /// <exception cref="WireFormatException">Malformed, over a limit, or followed by trailing bytes.</exception>
    public static CborValue Decode(byte[] cbor, CborDecodeLimits limits)
    {
        if (cbor is null)
        {
            throw new ArgumentNullException(nameof(cbor));
        }

        return Decode(cbor, 0, cbor.Length, limits);
    }

    /// <summary>Decodes exactly the <paramref name="count"/> bytes from <paramref name="offset"/> as one CBOR item, default limits.</summary>
    /// <exception cref="WireFormatException">Malformed, over a limit, or followed by trailing bytes.</exception>
    public static CborValue Decode(byte[] cbor, int offset, int count) => Decode(cbor, offset, count, CborDecodeLimits.Default);

    /// <summary>Decodes exactly the <paramref name="count"/> bytes from <paramref name="offset"/> as one CBOR item.</summary>
    /// <exception cref="WireFormatException">Malformed, over a limit, or followed by trailing bytes.</exception>
    public static CborValue Decode(byte[] cbor, int offset, int count, CborDecodeLimits limits)
    {
        if (cbor is null)
        {
            throw new ArgumentNullException(nameof(cbor));
        }

        if (limits is null)
        {
            throw new ArgumentNullException(nameof(limits));
        }

        return CborValueDecoder.Decode(cbor, offset, count, limits);
    }

    /// <summary>Encodes canonically: definite lengths, sorted keys, float64, no tags.</summary>
    public byte[] Encode()
    {
        var writer = CborValueEncoder.CreateWriter();
        CborValueEncoder.Write(writer, this);
        return writer.Encode();
    }

    /// <summary>Writes this value into a writer.</summary>
    public void WriteTo(CborWriter writer)
    {
        if (writer is null)
        {
            throw new ArgumentNullException(nameof(writer));
        }

        CborValueEncoder.Write(writer, this);
    }

    /// <summary>The boolean value.</summary>
    public bool AsBoolean()
    {
        Expect(CborValueKind.Boolean);
        return _argument != 0;
    }

    /// <summary>The integer as a signed 64-bit value, if it fits.</summary>
    public bool TryGetInt64(out long value)
    {
        value = 0;
        if (Kind != CborValueKind.Integral || _argument > long.MaxValue)
        {
            return false;
        }

        value = _negative ? -1 - (long)_argument : (long)_argument;
        return true;
    }

    /// <summary>The integer as an unsigned 64-bit value, if it is not negative.</summary>
    public bool TryGetUInt64(out ulong value)
    {
        value = _argument;
        return Kind == CborValueKind.Integral && !_negative;
    }

    /// <summary>The integer as an unsigned 32-bit value, if it fits.</summary>
    public bool TryGetUInt32(out uint value)
    {
        value = 0;
        if (!TryGetUInt64(out ulong wide) || wide > uint.MaxValue)
        {
            return false;
        }

        value = (uint)wide;
        return true;
    }

    /// <summary>The integer as a signed 64-bit value.</summary>
    public long AsInt64()
    {
        Expect(CborValueKind.Integral);
        return TryGetInt64(out long value) ? value : throw new WireFormatException("Integer " + this + " does not fit in 64 signed bits.");
    }

    /// <summary>The integer as an unsigned 64-bit value.</summary>
    public ulong AsUInt64()
    {
        Expect(CborValueKind.Integral);
        return TryGetUInt64(out ulong value) ? value : throw new WireFormatException("Expected a non-negative integer but found " + this + ".");
    }

    /// <summary>A number as double; integers are converted, since senders may write 5 for 5.0.</summary>
    public double AsDouble()
    {
        if (Kind == CborValueKind.Integral)
        {
            return _negative ? -1d - _argument : _argument;
        }

        Expect(CborValueKind.FloatingPoint);
        return _double;
    }

    /// <summary>The text.</summary>
    public string AsText()
    {
        Expect(CborValueKind.Text);
        return (string)_reference!;
    }

    /// <summary>The bytes, without copying: the array is the value's own, do not change it.</summary>
    public byte[] AsBytes()
    {
        Expect(CborValueKind.Bytes);
        return (byte[])_reference!;
    }

    /// <summary>The map.</summary>
    public CborMap AsMap()
    {
        Expect(CborValueKind.Map);
        return (CborMap)_reference!;
    }

    internal ulong Argument => _argument;

    internal double DoubleValue => _double;

    internal object? Reference => _reference;

    /// <summary>Same kind and same content (maps: same entries in any order).</summary>
    public bool Equals(CborValue? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || other.Kind != Kind)
        {
            return false;
        }

        switch (Kind)
        {
            case CborValueKind.Null:
                return true;
            case CborValueKind.Boolean:
            case CborValueKind.Integral:
                return _argument == other._argument && _negative == other._negative;
            case CborValueKind.FloatingPoint:
                return _double.Equals(other._double);
            case CborValueKind.Text:
                return (string)_reference! == (string)other._reference!;
            case CborValueKind.Bytes:
                return Bytes.AreEqual((byte[])_reference!, (byte[])other._reference!);
            case CborValueKind.Array:
                var mine = (CborValue[])_reference!;
                var theirs = (CborValue[])other._reference!;
                if (mine.Length != theirs.Length)
                {
                    return false;
                }

                for (int i = 0; i < mine.Length; i++)
                {
                    if (!mine[i].Equals(theirs[i]))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return ((CborMap)_reference!).Equals((CborMap)other._reference!);
        }
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is CborValue other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => Kind switch
    {
        CborValueKind.Boolean or CborValueKind.Integral => ((int)Kind * 31) ^ (int)_argument ^ (int)(_argument >> 32) ^ (_negative ? 0x5bd1e995 : 0),
        CborValueKind.FloatingPoint => ((int)Kind * 31) ^ _double.GetHashCode(),
        CborValueKind.Text => ((int)Kind * 31) ^ ((string)_reference!).GetHashCode(),
        _ => ((int)Kind * 31) ^ Count,
    };

    /// <summary>Diagnostic notation (RFC 8949 §8), for logs and test messages.</summary>
    public override string ToString()
    {
        switch (Kind)
        {
            case CborValueKind.Null:
                return "null";
            case CborValueKind.Boolean:
                return _argument != 0 ? "true" : "false";
            case CborValueKind.Integral:
                return _negative ? NegativeText(_argument) : _argument.ToString();
            case CborValueKind.FloatingPoint:
                return _double.ToString("R");
            case CborValueKind.Text:
                return "\"" + (string)_reference! + "\"";
            case CborValueKind.Bytes:
                return "h'" + Hex.ToLower((byte[])_reference!) + "'";
            case CborValueKind.Array:
                var text = new TextBuilder();
                text.Append('[');
                var items = (CborValue[])_reference!;
                for (int i = 0; i < items.Length; i++)
                {
                    text.Append(i > 0 ? ", " : string.Empty).Append(items[i].ToString());
                }

                return text.Append(']').ToString();
            default:
                return ((CborMap)_reference!).ToString();
        }
    }

    /// <summary>The decimal text of -1 - <paramref name="argument"/>, over the full -2^64..-1 range.</summary>
    internal static string NegativeText(ulong argument)
    {
        if (argument < long.MaxValue)
        {
            return (-1 - (long)argument).ToString();
        }

        if (argument == ulong.MaxValue)
        {
            return "-18446744073709551616";
        }

        return "-" + (argument + 1).ToString();
    }

    private CborValue[] ExpectArray()
    {
        Expect(CborValueKind.Array);
        return (CborValue[])_reference!;
    }

    private void Expect(CborValueKind kind)
    {
        if (Kind != kind)
        {
            throw new WireFormatException("Expected " + KindName(kind) + " but found " + KindName(Kind) + " " + this + ".");
        }
    }

    private static string KindName(CborValueKind kind) => kind switch
    {
        CborValueKind.Null => "null",
        CborValueKind.Boolean => "a boolean",
        CborValueKind.Integral => "an integer",
        CborValueKind.FloatingPoint => "a floating-point number",
        CborValueKind.Text => "a text string",
        CborValueKind.Bytes => "a byte string",
        CborValueKind.Array => "an array",
        _ => "a map",
    };
}
