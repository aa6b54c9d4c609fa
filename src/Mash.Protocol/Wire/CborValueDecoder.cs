using System;

namespace Mash.Protocol.Wire;

/// <summary>
/// Decodes untrusted CBOR into <see cref="CborValue"/> as leniently as the reference decoder
/// (indefinite lengths, tags stripped to their content, undefined read as null) but within
/// <see cref="CborDecodeLimits"/>. A map with the same key twice, at any depth, is refused with
/// <see cref="DuplicateKeyMessage"/> (message-framing.md 3.4: duplicate keys are invalid; the
/// reference decoder let the last one win, which lets two readers of one frame disagree).
/// Every parser failure surfaces as <see cref="WireFormatException"/>, never as CborContentException.
/// </summary>
internal static class CborValueDecoder
{
    /// <summary>The error text message-framing.md 3.4 prescribes.</summary>
    public const string DuplicateKeyMessage = "Duplicate key in message";

    private const int UndefinedSimpleValue = 23;

    public static CborValue Decode(byte[] data, int offset, int count, CborDecodeLimits limits)
    {
        if (count == 0)
        {
            throw new WireFormatException("Empty input is not a CBOR item.");
        }

        var reader = new CborReader(data, offset, count);
        var state = new State(limits);
        try
        {
            CborValue value = ReadItem(reader, 0, ref state);
            if (reader.BytesRemaining != 0)
            {
                throw new WireFormatException(reader.BytesRemaining + " trailing byte(s) after the CBOR item.");
            }

            return value;
        }
        catch (CborContentException e)
        {
            throw new WireFormatException("Malformed CBOR: " + e.Message, e);
        }
        catch (InvalidOperationException e)
        {
            throw new WireFormatException("Malformed CBOR: " + e.Message, e);
        }
        catch (FormatException e)
        {
            throw new WireFormatException("Malformed CBOR: " + e.Message, e);
        }
    }

    private static CborValue ReadItem(CborReader reader, int depth, ref State state)
    {
        state.CountItem();
        switch (reader.PeekState())
        {
            case CborReaderState.UnsignedInteger:
                return CborValue.FromUInt64(reader.ReadUInt64());
            case CborReaderState.NegativeInteger:
                return CborValue.FromNegativeArgument(reader.ReadCborNegativeIntegerRepresentation());
            case CborReaderState.ByteString:
            case CborReaderState.StartIndefiniteLengthByteString:
                return CborValue.WrapBytes(reader.ReadByteString());
            case CborReaderState.TextString:
            case CborReaderState.StartIndefiniteLengthTextString:
                return CborValue.FromText(reader.ReadTextString());
            case CborReaderState.StartArray:
                return ReadArray(reader, depth + 1, ref state);
            case CborReaderState.StartMap:
                return ReadMap(reader, depth + 1, ref state);
            case CborReaderState.Tag:
                reader.ReadTag();
                state.CheckDepth(depth + 1);
                return ReadItem(reader, depth + 1, ref state);
            case CborReaderState.Null:
                reader.ReadNull();
                return CborValue.Null;
            case CborReaderState.Boolean:
                return CborValue.FromBoolean(reader.ReadBoolean());
            case CborReaderState.HalfPrecisionFloat:
            case CborReaderState.SinglePrecisionFloat:
            case CborReaderState.DoublePrecisionFloat:
                return CborValue.FromDouble(reader.ReadDouble());
            case CborReaderState.SimpleValue:
                // CborReader reports undefined (f7) as a plain simple value.
                int simple = reader.ReadSimpleValue();
                return simple == UndefinedSimpleValue
                    ? CborValue.Null
                    : throw new WireFormatException("Unsupported CBOR simple value " + simple + ".");
            default:
                throw new WireFormatException("Unexpected CBOR structure (" + reader.PeekState() + ").");
        }
    }

    private static CborValue ReadArray(CborReader reader, int depth, ref State state)
    {
        state.CheckDepth(depth);
        int declared = reader.ReadStartArray();
        state.CheckContainerSize(declared < 0 ? 0 : declared);
        var items = new CborValue[declared < 0 ? 4 : declared];
        int count = 0;
        while (reader.PeekState() != CborReaderState.EndArray)
        {
            state.CheckContainerSize(count + 1);
            if (count == items.Length)
            {
                items = Resize(items, items.Length * 2);
            }

            items[count++] = ReadItem(reader, depth, ref state);
        }

        reader.ReadEndArray();
        if (count != items.Length)
        {
            items = Resize(items, count);
        }

        return CborValue.WrapArray(items);
    }

    private static CborValue[] Resize(CborValue[] items, int size)
    {
        var resized = new CborValue[size];
        Array.Copy(items, resized, size < items.Length ? size : items.Length);
        return resized;
    }

    private static CborValue ReadMap(CborReader reader, int depth, ref State state)
    {
        state.CheckDepth(depth);
        int declared = reader.ReadStartMap();
        state.CheckContainerSize(declared < 0 ? 0 : declared);
        var map = new CborMap(declared < 0 ? 4 : declared);
        int count = 0;
        while (reader.PeekState() != CborReaderState.EndMap)
        {
            state.CheckContainerSize(++count);
            CborKey key = ReadKey(reader, depth, ref state);
            int entries = map.Count;
            map.Set(key, ReadItem(reader, depth, ref state));
            if (map.Count == entries)
            {
                // Set found the key already there (its one lookup doubles as the check).
                throw new WireFormatException(DuplicateKeyMessage + " (key " + key + ").");
            }
        }

        reader.ReadEndMap();
        return CborValue.FromMap(map);
    }

    private static CborKey ReadKey(CborReader reader, int depth, ref State state)
    {
        state.CountItem();
        switch (reader.PeekState())
        {
            case CborReaderState.UnsignedInteger:
                return CborKey.FromUInt64(reader.ReadUInt64());
            case CborReaderState.NegativeInteger:
                return CborKey.FromNegativeArgument(reader.ReadCborNegativeIntegerRepresentation());
            case CborReaderState.TextString:
            case CborReaderState.StartIndefiniteLengthTextString:
                return CborKey.FromText(reader.ReadTextString());
            case CborReaderState.Tag:
                reader.ReadTag();
                state.CheckDepth(depth + 1);
                return ReadKey(reader, depth + 1, ref state);
            default:
                throw new WireFormatException("Map keys must be integers or text strings, not " + reader.PeekState() + ".");
        }
    }

    private struct State
    {
        private readonly CborDecodeLimits _limits;
        private int _items;

        public State(CborDecodeLimits limits)
        {
            _limits = limits;
            _items = 0;
        }

        public void CountItem()
        {
            if (++_items > _limits.MaxTotalItems)
            {
                throw new WireFormatException("More than " + _limits.MaxTotalItems + " CBOR items in one message.");
            }
        }

        public readonly void CheckDepth(int depth)
        {
            if (depth > _limits.MaxDepth)
            {
                throw new WireFormatException("CBOR nesting deeper than " + _limits.MaxDepth + " levels.");
            }
        }

        public readonly void CheckContainerSize(int count)
        {
            if (count > _limits.MaxContainerItems)
            {
                throw new WireFormatException("A CBOR array or map has more than " + _limits.MaxContainerItems + " entries.");
            }
        }
    }
}
