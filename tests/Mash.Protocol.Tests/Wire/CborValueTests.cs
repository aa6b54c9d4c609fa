using System;
using Mash.Protocol.Wire;

namespace Mash.Protocol.Tests.Wire;

public class CborValueTests
{
    private static CborValue Decode(string bytes) => CborValue.Decode(Hex.Parse(bytes));

    private static string Nested(int depth) => string.Concat(Repeat("81", depth)) + "01";

    private static string[] Repeat(string text, int count)
    {
        var parts = new string[count];
        Array.Fill(parts, text);
        return parts;
    }

    [Theory]
    [InlineData("a2 01 01 02")]
    [InlineData("a2 01 01")]
    [InlineData("82 01")]
    [InlineData("63 61 62")]
    [InlineData("19 01")]
    [InlineData("1c")]
    [InlineData("a1 01 1d")]
    [InlineData("ff")]
    [InlineData("a1 ff 01")]
    [InlineData("9b ffffffffffffffff")]
    [InlineData("5f 61 \"a\" ff")]
    [InlineData("")]
    public void Malformed_cbor_is_a_wire_format_exception(string bytes)
    {
        var error = Assert.Throws<WireFormatException>(() => Decode(bytes));

        Assert.False(string.IsNullOrEmpty(error.Message));
    }

    [Fact]
    public void A_truncated_map_says_so_clearly()
    {
        var error = Assert.Throws<WireFormatException>(() => Decode("a5 01 02 02 01 03 00 04 01"));

        Assert.StartsWith("Malformed CBOR", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Trailing_bytes_after_the_item_are_rejected()
    {
        var error = Assert.Throws<WireFormatException>(() => Decode("a1 01 03 00"));

        Assert.Contains("trailing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_deeper_than_16_is_rejected_and_16_is_accepted()
    {
        Assert.Equal(CborValueKind.Array, Decode(Nested(16)).Kind);

        var error = Assert.Throws<WireFormatException>(() => Decode(Nested(17)));
        Assert.Contains("nesting", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Thousands_of_nested_arrays_do_not_overflow_the_stack()
    {
        Assert.Throws<WireFormatException>(() => CborValue.Decode(Hex.Parse(Nested(50000))));
    }

    [Fact]
    public void Containers_over_the_entry_limit_are_rejected_before_reading_them()
    {
        var limits = new CborDecodeLimits(16, 3, 100);

        Assert.Equal(3, CborValue.Decode(Hex.Parse("83 01 02 03"), limits).Count);
        Assert.Throws<WireFormatException>(() => CborValue.Decode(Hex.Parse("84 01 02 03 04"), limits));
        Assert.Throws<WireFormatException>(() => CborValue.Decode(Hex.Parse("9f 01 02 03 04 ff"), limits));
        Assert.Throws<WireFormatException>(() => CborValue.Decode(Hex.Parse("a4 01 01 02 02 03 03 04 04"), limits));
    }

    [Fact]
    public void The_total_item_limit_bounds_a_frame_of_many_small_items()
    {
        var limits = new CborDecodeLimits(16, 1000, 10);

        Assert.Throws<WireFormatException>(() => CborValue.Decode(Hex.Parse("84 82 01 02 82 01 02 82 01 02 82 01 02"), limits));
    }

    [Theory]
    [InlineData("a2 01 61 \"a\" 01 61 \"b\"")] // message-framing.md 3.4's own example
    [InlineData("a2 61 \"k\" 01 61 \"k\" 02")]
    [InlineData("a1 05 a2 18 46 00 18 46 01")] // nested: {5: {70: 0, 70: 1}}
    public void Duplicate_keys_are_refused_at_any_depth(string bytes)
    {
        var error = Assert.Throws<WireFormatException>(() => Decode(bytes));

        Assert.StartsWith("Duplicate key in message", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_request_with_a_duplicate_key_still_reports_its_message_id()
    {
        // {1: 7, 2: 1, 3: 0, 4: 1, 4: 2}
        var error = Assert.Throws<WireFormatException>(() => MessageCodec.DecodeRequest(Hex.Parse("a5 01 07 02 01 03 00 04 01 04 02")));

        Assert.Equal(7u, error.MessageId);
        Assert.StartsWith("Duplicate key in message", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Indefinite_lengths_decode_and_re_encode_as_definite()
    {
        CborValue value = Decode("bf 01 9f 01 02 ff 02 5f 41 01 41 02 ff 03 7f 61 \"a\" 61 \"b\" ff ff");

        Assert.Equal(Hex.Of(Hex.Parse("a3 01 82 01 02 02 42 0102 03 62 \"ab\"")), Hex.Of(value.Encode()));
    }

    [Fact]
    public void Tags_are_stripped_to_their_content()
    {
        Assert.Equal(CborValue.FromInt64(1_700_000_000), Decode("c1 1a 6553f100"));
    }

    [Fact]
    public void Undefined_reads_as_null()
    {
        Assert.True(Decode("f7").IsNull);
    }

    [Fact]
    public void Other_simple_values_are_rejected()
    {
        Assert.Throws<WireFormatException>(() => Decode("f8 20"));
    }

    [Fact]
    public void Byte_string_and_array_map_keys_are_rejected()
    {
        Assert.Throws<WireFormatException>(() => Decode("a1 41 01 02"));
        Assert.Throws<WireFormatException>(() => Decode("a1 80 02"));
    }

    [Fact]
    public void Integers_cover_the_full_cbor_range()
    {
        Assert.Equal(ulong.MaxValue, Decode("1b ffffffffffffffff").AsUInt64());
        Assert.Equal(long.MinValue, Decode("3b 7fffffffffffffff").AsInt64());
        CborValue belowInt64 = Decode("3b ffffffffffffffff");
        Assert.False(belowInt64.TryGetInt64(out _));
        Assert.Throws<WireFormatException>(() => belowInt64.AsInt64());
        Assert.Equal("3bffffffffffffffff", Hex.Of(belowInt64.Encode()));
    }

    [Fact]
    public void Negative_numbers_encode_as_cbor_negative_integers()
    {
        Assert.Equal("3a004c4b3f", Hex.Of(CborValue.FromInt64(-5_000_000).Encode()));
    }

    [Fact]
    public void Half_and_single_floats_widen_and_doubles_are_sent_as_float64()
    {
        Assert.Equal(1.5, Decode("f9 3e00").AsDouble());
        Assert.Equal(1.5, Decode("fa 3fc00000").AsDouble());
        Assert.Equal("fb3ff8000000000000", Hex.Of(CborValue.FromDouble(1.5).Encode()));
    }

    [Fact]
    public void Mixed_integer_and_text_keys_sort_length_first()
    {
        var map = new CborMap()
            .Set("ab", CborValue.True)
            .Set(300, CborValue.False)
            .Set("b", CborValue.Null)
            .Set(-1, CborValue.Null)
            .Set(24, CborValue.Null)
            .Set(1, CborValue.Null);

        string encoded = Hex.Of(CborValue.FromMap(map).Encode());

        Assert.Equal(Hex.Of(Hex.Parse("a6 01 f6 20 f6 18 18 f6 61 \"b\" f6 19 012c f4 62 \"ab\" f5")), encoded);
    }

    [Fact]
    public void Every_value_kind_round_trips()
    {
        var map = new CborMap()
            .Set(1, CborValue.FromText("grüß"))
            .Set(2, CborValue.FromBytes(new byte[] { 1, 2, 3 }))
            .Set(3, CborValue.FromArray(CborValue.True, CborValue.False, CborValue.Null))
            .Set(4, CborValue.FromDouble(-0.25))
            .Set(5, CborValue.FromUInt64(ulong.MaxValue))
            .Set("k", CborValue.FromMap(new CborMap()));
        CborValue original = CborValue.FromMap(map);

        CborValue decoded = CborValue.Decode(original.Encode());

        Assert.Equal(original, decoded);
        Assert.True(decoded.AsMap().TryGetValue(1, out CborValue? text));
        Assert.Equal("grüß", text.AsText());
    }

    [Fact]
    public void Asking_for_the_wrong_kind_is_a_wire_format_exception()
    {
        var error = Assert.Throws<WireFormatException>(() => Decode("61 \"x\"").AsInt64());

        Assert.Contains("Expected an integer but found a text string", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Diagnostic_notation_names_the_content()
    {
        Assert.Equal("{1: [1, -2], \"a\": h'0102', 2: null}", Decode("a3 01 82 01 21 61 \"a\" 42 0102 02 f6").ToString());
    }
}
