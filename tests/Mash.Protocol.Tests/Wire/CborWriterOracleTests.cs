using System;
using System.Collections.Generic;
using System.Formats.Cbor;
using CsCheck;
using Oracle = System.Formats.Cbor;
using Ours = Mash.Protocol.Wire;

namespace Mash.Protocol.Tests.Wire;

/// <summary>
/// Our CborWriter and CborReader (the core has no System.Formats.Cbor on nanoFramework) against
/// System.Formats.Cbor as the oracle: same bytes for the same calls, same values read back, and
/// malformed input refused.
/// </summary>
public class CborWriterOracleTests
{
    private static readonly long[] EdgeIntegers =
    [
        0, 1, 23, 24, 25, 255, 256, 65535, 65536, 4294967295L, 4294967296L, long.MaxValue,
        -1, -23, -24, -25, -256, -257, -65536, -65537, -4294967296L, -4294967297L, long.MinValue,
    ];

    private static readonly ulong[] EdgeUnsigned = [0, 23, 24, 255, 256, 65535, 65536, uint.MaxValue, (ulong)uint.MaxValue + 1, ulong.MaxValue];

    /// <summary>One call, made on both writers.</summary>
    private delegate void Step(Oracle.CborWriter oracle, Ours.CborWriter ours);

    private static (byte[] Oracle, byte[] Ours) Run(IEnumerable<Step> steps)
    {
        var oracle = new Oracle.CborWriter(CborConformanceMode.Lax, convertIndefiniteLengthEncodings: false, allowMultipleRootLevelValues: false);
        var ours = new Ours.CborWriter();
        foreach (Step step in steps)
        {
            step(oracle, ours);
        }

        return (oracle.Encode(), ours.Encode());
    }

    private static void Same(params Step[] steps)
    {
        (byte[] expected, byte[] actual) = Run(steps);
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(actual));
    }

    [Fact]
    public void Integers_at_every_head_width_edge_match()
    {
        foreach (long value in EdgeIntegers)
        {
            Same((o, w) => o.WriteInt64(value), (o, w) => w.WriteInt64(value));
            if (value is >= int.MinValue and <= int.MaxValue)
            {
                Same((o, w) => o.WriteInt32((int)value), (o, w) => w.WriteInt32((int)value));
            }
        }

        foreach (ulong value in EdgeUnsigned)
        {
            Same((o, w) => o.WriteUInt64(value), (o, w) => w.WriteUInt64(value));
            Same((o, w) => o.WriteCborNegativeIntegerRepresentation(value), (o, w) => w.WriteCborNegativeIntegerRepresentation(value));
            if (value <= uint.MaxValue)
            {
                Same((o, w) => o.WriteUInt32((uint)value), (o, w) => w.WriteUInt32((uint)value));
            }
        }
    }

    [Fact]
    public void Strings_of_every_length_edge_match()
    {
        foreach (int length in new[] { 0, 1, 23, 24, 255, 256, 65535, 65536 })
        {
            byte[] bytes = new byte[length];
            for (int i = 0; i < length; i++)
            {
                bytes[i] = (byte)(i * 7);
            }

            string text = new string('x', length);
            Same((o, w) => o.WriteByteString(bytes), (o, w) => w.WriteByteString(bytes));
            Same((o, w) => o.WriteTextString(text), (o, w) => w.WriteTextString(text));
        }

        Same((o, w) => o.WriteTextString("ü€😀"), (o, w) => w.WriteTextString("ü€😀"));
        byte[] source = [1, 2, 3, 4, 5];
        Same((o, w) => o.WriteByteString(source.AsSpan(1, 3)), (o, w) => w.WriteByteString(source, 1, 3));
    }

    [Fact]
    public void Simple_values_and_nested_containers_match()
    {
        Same(
            (o, w) => { o.WriteStartMap(4); w.WriteStartMap(4); },
            (o, w) => { o.WriteInt32(1); w.WriteInt32(1); },
            (o, w) => { o.WriteBoolean(true); w.WriteBoolean(true); },
            (o, w) => { o.WriteInt32(2); w.WriteInt32(2); },
            (o, w) => { o.WriteNull(); w.WriteNull(); },
            (o, w) => { o.WriteTextString("list"); w.WriteTextString("list"); },
            (o, w) => { o.WriteStartArray(3); w.WriteStartArray(3); },
            (o, w) => { o.WriteBoolean(false); w.WriteBoolean(false); },
            (o, w) => { o.WriteStartMap(0); w.WriteStartMap(0); },
            (o, w) => { o.WriteEndMap(); w.WriteEndMap(); },
            (o, w) => { o.WriteStartArray(0); w.WriteStartArray(0); },
            (o, w) => { o.WriteEndArray(); w.WriteEndArray(); },
            (o, w) => { o.WriteEndArray(); w.WriteEndArray(); },
            (o, w) => { o.WriteInt32(-5); w.WriteInt32(-5); },
            (o, w) => { o.WriteStartMap(1); w.WriteStartMap(1); },
            (o, w) => { o.WriteInt32(300); w.WriteInt32(300); },
            (o, w) => { o.WriteByteString([]); w.WriteByteString([]); },
            (o, w) => { o.WriteEndMap(); w.WriteEndMap(); },
            (o, w) => { o.WriteEndMap(); w.WriteEndMap(); });
    }

    [Fact]
    public void Float64_is_always_the_eight_byte_form()
    {
        var writer = new Ours.CborWriter();
        writer.WriteFloat64(1.5);
        Assert.Equal("FB3FF8000000000000", Convert.ToHexString(writer.Encode()));
    }

    [Fact]
    public void Random_integers_match()
    {
        Gen.Long.Sample(value => Same((o, w) => o.WriteInt64(value), (o, w) => w.WriteInt64(value)), iter: 2000);
        Gen.ULong.Sample(value => Same((o, w) => o.WriteUInt64(value), (o, w) => w.WriteUInt64(value)), iter: 2000);
    }

    [Fact]
    public void Container_counts_are_enforced_and_the_root_must_be_complete()
    {
        var writer = new Ours.CborWriter();
        writer.WriteStartMap(1);
        writer.WriteInt32(1);
        Assert.Throws<InvalidOperationException>(() => writer.WriteEndMap());
        Assert.Throws<InvalidOperationException>(() => writer.Encode());
        writer.WriteInt32(2);
        Assert.Throws<InvalidOperationException>(() => writer.WriteInt32(3));
        writer.WriteEndMap();
        Assert.Throws<InvalidOperationException>(() => writer.WriteInt32(4));
        Assert.Equal("A10102", Convert.ToHexString(writer.Encode()));
    }

    [Fact]
    public void Reset_reuses_the_writer_and_Encode_into_a_buffer_returns_the_length()
    {
        var writer = new Ours.CborWriter(1);
        writer.WriteTextString(new string('a', 300));
        writer.Reset();
        writer.WriteInt32(7);
        Assert.Equal(1, writer.BytesWritten);
        byte[] destination = [0xEE, 0xEE, 0xEE];
        Assert.Equal(1, writer.Encode(destination, 1));
        Assert.Equal("EE07EE", Convert.ToHexString(destination));
    }

    [Fact]
    public void Reader_reads_what_the_oracle_wrote()
    {
        foreach (long value in EdgeIntegers)
        {
            var oracle = new Oracle.CborWriter();
            oracle.WriteInt64(value);
            Assert.Equal(value, new Ours.CborReader(oracle.Encode()).ReadInt64());
        }

        foreach (ulong value in EdgeUnsigned)
        {
            var oracle = new Oracle.CborWriter();
            oracle.WriteUInt64(value);
            Assert.Equal(value, new Ours.CborReader(oracle.Encode()).ReadUInt64());
            oracle = new Oracle.CborWriter();
            oracle.WriteCborNegativeIntegerRepresentation(value);
            Assert.Equal(value, new Ours.CborReader(oracle.Encode()).ReadCborNegativeIntegerRepresentation());
        }

        foreach (double number in new[] { 0.0, -0.0, 1.5, -2.25, 65504.0, 1e-7, 5.960464477539063e-8, double.PositiveInfinity, double.NegativeInfinity, 3.4028234663852886e38, 1e300 })
        {
            // The oracle picks the shortest width (half, single or double): all three decode.
            var oracle = new Oracle.CborWriter();
            oracle.WriteDouble(number);
            Assert.Equal(number, new Ours.CborReader(oracle.Encode()).ReadDouble());
        }

        var nan = new Oracle.CborWriter();
        nan.WriteDouble(double.NaN);
        Assert.True(double.IsNaN(new Ours.CborReader(nan.Encode()).ReadDouble()));
    }

    [Fact]
    public void Reader_walks_indefinite_containers_and_strings_like_the_oracle()
    {
        // {_ 1: (_ h'01', h'0203'), "t": (_ "a", "bc"), 2: [_ 1, [2]]}
        byte[] data = Convert.FromHexString("BF01 5F41014202 03FF 6174 7F61616262 63FF 02 9F0181 02FF FF".Replace(" ", string.Empty));
        var oracle = new Oracle.CborReader(data, CborConformanceMode.Lax);
        var ours = new Ours.CborReader(data);
        Assert.Null(oracle.ReadStartMap());
        Assert.Equal(-1, ours.ReadStartMap());
        Assert.Equal(oracle.ReadInt32(), ours.ReadInt32());
        Assert.Equal(oracle.ReadByteString(), ours.ReadByteString());
        Assert.Equal(oracle.ReadTextString(), ours.ReadTextString());
        Assert.Equal(oracle.ReadTextString(), ours.ReadTextString());
        Assert.Equal(oracle.ReadInt32(), ours.ReadInt32());
        Assert.Null(oracle.ReadStartArray());
        Assert.Equal(-1, ours.ReadStartArray());
        Assert.Equal(oracle.ReadInt32(), ours.ReadInt32());
        oracle.SkipValue();
        ours.SkipValue();
        Assert.Equal(Ours.CborReaderState.EndArray, ours.PeekState());
        oracle.ReadEndArray();
        ours.ReadEndArray();
        Assert.Equal(Ours.CborReaderState.EndMap, ours.PeekState());
        oracle.ReadEndMap();
        ours.ReadEndMap();
        Assert.Equal(Ours.CborReaderState.Finished, ours.PeekState());
        Assert.Equal(0, ours.BytesRemaining);
    }

    [Theory]
    [InlineData("")] // nothing
    [InlineData("18")] // truncated 1-byte argument
    [InlineData("1a0000")] // truncated 4-byte argument
    [InlineData("1c")] // reserved additional information
    [InlineData("1f")] // indefinite integer
    [InlineData("ff")] // break outside a container
    [InlineData("43 0102")] // byte string shorter than declared
    [InlineData("62 c328")] // invalid UTF-8
    [InlineData("5f 61 61 ff")] // text chunk inside a byte string
    [InlineData("5f 5f ff ff")] // nested indefinite chunk
    [InlineData("f8 10")] // two-byte simple value below 32
    [InlineData("a2 01 02")] // map shorter than declared
    [InlineData("bf 01 ff")] // indefinite map ending after a key
    [InlineData("c1")] // tag without an item
    public void Reader_rejects_malformed_input(string hex)
    {
        byte[] data = Convert.FromHexString(hex.Replace(" ", string.Empty));
        var reader = new Ours.CborReader(data);

        // Skipping does not decode text (as the oracle's lax skip); reading it does.
        Assert.Throws<Ours.CborContentException>(() =>
        {
            if (data.Length > 0 && data[0] >> 5 == 3)
            {
                reader.ReadTextString();
            }
            else
            {
                reader.SkipValue();
            }
        });
    }

    [Fact]
    public void Reader_reports_a_wrong_kind_as_invalid_operation_and_ranges_as_content_errors()
    {
        Assert.Throws<InvalidOperationException>(() => new Ours.CborReader([0x61, 0x61]).ReadInt32());
        Assert.Throws<InvalidOperationException>(() => new Ours.CborReader([0x20]).ReadUInt64());
        Assert.Throws<Ours.CborContentException>(() => new Ours.CborReader(Convert.FromHexString("1a80000000")).ReadInt32());
        Assert.Throws<Ours.CborContentException>(() => new Ours.CborReader(Convert.FromHexString("1b8000000000000000")).ReadInt64());
    }

    [Fact]
    public void Reader_reads_a_slice_of_a_larger_array()
    {
        byte[] data = [0xEE, 0x82, 0x01, 0x18, 0x64, 0xEE];
        var reader = new Ours.CborReader(data, 1, 4);
        Assert.Equal(2, reader.ReadStartArray());
        Assert.Equal(1, reader.ReadInt32());
        Assert.Equal(100, reader.ReadInt32());
        reader.ReadEndArray();
        Assert.Equal(0, reader.BytesRemaining);
    }
}
