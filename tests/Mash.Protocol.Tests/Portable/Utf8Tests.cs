using System;
using System.Text;
using Mash.Protocol.Portable;
using Xunit;

namespace Mash.Protocol.Tests.Portable;

public class Utf8Tests
{
    [Theory]
    [InlineData("")]
    [InlineData("MASH-1234")]
    [InlineData("Wärmepumpe Küche")]
    [InlineData("€ 電力 🔌")]
    public void Text_round_trips_exactly_as_the_bcl_encodes_it(string text)
    {
        byte[] ours = Utf8.GetBytes(text);

        Assert.Equal(Encoding.UTF8.GetBytes(text), ours);
        Assert.Equal(text, Utf8.GetString(ours));
    }

    [Theory]
    [InlineData(new byte[] { 0xC0, 0x80 })] // overlong NUL
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })] // encoded surrogate
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })] // above U+10FFFF
    [InlineData(new byte[] { 0xE2, 0x82 })] // truncated
    [InlineData(new byte[] { 0x80 })] // stray continuation
    [InlineData(new byte[] { 0x41, 0xFF })] // invalid lead byte
    public void Malformed_text_from_the_wire_is_rejected(byte[] bytes)
    {
        Assert.Throws<FormatException>(() => Utf8.GetString(bytes));
    }

    [Fact]
    public void An_unpaired_surrogate_cannot_be_encoded()
    {
        Assert.Throws<FormatException>(() => Utf8.GetBytes("a\uD800b"));
    }

    [Fact]
    public void Hex_round_trips_and_rejects_non_digits()
    {
        byte[] bytes = [0x00, 0x1F, 0xA0, 0xFF];

        Assert.Equal("001FA0FF", Hex.ToUpper(bytes));
        Assert.Equal("001fa0ff", Hex.ToLower(bytes));
        Assert.Equal(bytes, Hex.Parse("001fA0FF"));
        Assert.Throws<FormatException>(() => Hex.Parse("0G"));
        Assert.Throws<FormatException>(() => Hex.Parse("ABC"));
    }
}
