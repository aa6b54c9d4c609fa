using System;
using System.Formats.Cbor;
using Mash.Protocol.Wire;
using CborWriter = System.Formats.Cbor.CborWriter;

namespace Mash.Protocol.Tests.Wire;

public class ControlCodecTests
{
    private static string Encode(ControlMessage message)
    {
        var buffer = new byte[64];
        int written = ControlCodec.Write(buffer, message);
        Assert.Equal(ControlCodec.GetEncodedLength(message), written);
        return Hex.Of(buffer.AsSpan(0, written));
    }

    private static byte[] TextForm(params (string Key, object Value)[] entries)
    {
        var writer = new CborWriter(CborConformanceMode.Lax);
        writer.WriteStartMap(entries.Length);
        foreach ((string key, object value) in entries)
        {
            writer.WriteTextString(key);
            if (value is string text)
            {
                writer.WriteTextString(text);
            }
            else
            {
                writer.WriteUInt64(Convert.ToUInt64(value, System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        writer.WriteEndMap();
        return writer.Encode();
    }

    [Fact]
    public void Ping_pong_and_close_have_the_reference_bytes()
    {
        var buffer = new byte[16];

        Assert.Equal("a201010207", Hex.Of(buffer.AsSpan(0, ControlCodec.WritePing(buffer, 7))));
        Assert.Equal("a201020207", Hex.Of(buffer.AsSpan(0, ControlCodec.WritePong(buffer, 7))));
        Assert.Equal("a10103", Hex.Of(buffer.AsSpan(0, ControlCodec.WriteClose(buffer))));
    }

    [Fact]
    public void A_zero_sequence_is_omitted()
    {
        Assert.Equal("a10101", Encode(new ControlMessage(ControlMessageType.Ping, 0)));
    }

    [Fact]
    public void A_large_sequence_uses_the_shortest_integer()
    {
        Assert.Equal("a20101021a00012345", Encode(new ControlMessage(ControlMessageType.Ping, 0x12345)));
    }

    [Theory]
    [InlineData("a2 01 01 02 07", ControlMessageType.Ping, 7u)]
    [InlineData("a2 01 02 02 07", ControlMessageType.Pong, 7u)]
    [InlineData("a1 01 03", ControlMessageType.Close, 0u)]
    [InlineData("a2 02 07 01 01", ControlMessageType.Ping, 7u)]
    [InlineData("a3 01 01 02 07 18 63 f6", ControlMessageType.Ping, 7u)]
    public void Integer_key_control_messages_decode(string bytes, ControlMessageType type, uint sequence)
    {
        Assert.True(ControlCodec.TryDecode(Hex.Parse(bytes), out ControlMessage message));

        Assert.Equal(new ControlMessage(type, sequence, ControlKeyForm.IntegerKeys), message);
    }

    [Fact]
    public void String_key_ping_from_the_spec_decodes_and_is_answered_in_the_same_form()
    {
        byte[] ping = TextForm(("type", "ping"), ("seq", 12345));

        Assert.True(ControlCodec.TryDecode(ping, out ControlMessage message));
        Assert.Equal(new ControlMessage(ControlMessageType.Ping, 12345, ControlKeyForm.TextKeys), message);

        ControlMessage pong = ControlCodec.PongFor(message);
        var buffer = new byte[ControlCodec.MaxKeepAliveSize];
        int written = ControlCodec.Write(buffer, pong);
        Assert.True(ControlCodec.TryDecode(buffer, 0, written, out ControlMessage decoded));
        Assert.Equal(new ControlMessage(ControlMessageType.Pong, 12345, ControlKeyForm.TextKeys), decoded);
    }

    [Fact]
    public void String_key_close_carries_its_reason()
    {
        byte[] close = TextForm(("type", "close"), ("reason", "shutdown"), ("code", 1));

        Assert.True(ControlCodec.TryDecode(close, out ControlMessage message));

        Assert.Equal(ControlMessageType.Close, message.Type);
        Assert.Equal("shutdown", message.Reason);
        Assert.Equal(ControlKeyForm.TextKeys, message.Form);
    }

    [Fact]
    public void String_key_close_ack_decodes()
    {
        Assert.True(ControlCodec.TryDecode(TextForm(("type", "close_ack")), out ControlMessage message));

        Assert.Equal(ControlMessageType.CloseAck, message.Type);
    }

    [Fact]
    public void A_reference_close_is_acknowledged_with_a_close()
    {
        Assert.True(ControlCodec.TryDecode(Hex.Parse("a1 01 03"), out ControlMessage close));

        Assert.Equal("a10103", Encode(ControlCodec.CloseAcknowledgementFor(close)));
    }

    [Fact]
    public void A_string_key_close_is_acknowledged_with_close_ack()
    {
        Assert.True(ControlCodec.TryDecode(TextForm(("type", "close"), ("reason", "bye")), out ControlMessage close));

        ControlMessage ack = ControlCodec.CloseAcknowledgementFor(close);

        Assert.Equal("a1647479706569636c6f73655f61636b", Encode(ack));
    }

    [Fact]
    public void String_form_keys_are_written_in_canonical_order()
    {
        string encoded = Encode(new ControlMessage(ControlMessageType.Close, 0, ControlKeyForm.TextKeys, "shutdown"));

        Assert.Equal(Hex.Of(Hex.Parse("a2 64 \"type\" 65 \"close\" 66 \"reason\" 68 \"shutdown\"")), encoded);
    }

    [Theory]
    [InlineData("a2 01 01 02 61 78")]
    [InlineData("a2 01 04 02 07")]
    [InlineData("a3 01 01 02 07 03 00")]
    [InlineData("a1 64 \"type\" 64 \"nope\"")]
    [InlineData("a2 01 01 02 1b 0000000100000000")]
    [InlineData("82 01 07")]
    [InlineData("a2 01 01 02")]
    public void Non_control_or_malformed_frames_are_not_decoded_as_control(string bytes)
    {
        Assert.False(ControlCodec.TryDecode(Hex.Parse(bytes), out _));
    }

    [Fact]
    public void Encoding_and_decoding_keep_alives_allocates_nothing()
    {
        var buffer = new byte[ControlCodec.MaxKeepAliveSize];
        byte[] textPing = TextForm(("type", "ping"), ("seq", 99));
        ControlCodec.TryDecode(textPing, out _);
        ControlCodec.Write(buffer, new ControlMessage(ControlMessageType.Pong, 1, ControlKeyForm.TextKeys));
        uint seen = 0;

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (uint seq = 1; seq <= 1000; seq++)
        {
            int n = ControlCodec.WritePing(buffer, seq);
            ControlCodec.TryDecode(buffer, 0, n, out ControlMessage ping);
            n = ControlCodec.Write(buffer, ControlCodec.PongFor(ping));
            ControlCodec.TryDecode(textPing, out ControlMessage text);
            n += ControlCodec.Write(buffer, ControlCodec.PongFor(text));
            seen += ping.Sequence + (uint)(n > 0 ? 0 : 1);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(500500u, seen);
        Assert.True(allocated < 1000, $"{allocated} bytes allocated for 1000 keep-alive rounds");
    }

    [Fact]
    public void A_too_small_destination_is_refused()
    {
        Assert.Throws<ArgumentException>(() => ControlCodec.WritePing(new byte[4], 7));
    }
}
