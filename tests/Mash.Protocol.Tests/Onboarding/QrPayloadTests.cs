using Mash.Protocol.Onboarding;

namespace Mash.Protocol.Tests.Onboarding;

public class QrPayloadTests
{
    [Theory]
    [InlineData("MASH:1:1234:12345678", 1, 1234, 12345678)]
    [InlineData("MASH:1:1234:00001234", 1, 1234, 1234)]
    [InlineData("MASH:1:0:99999999", 1, 0, 99999999)]
    [InlineData("MASH:255:4095:00000001", 255, 4095, 1)]
    public void Parses_the_four_field_form_of_the_behaviour_spec(string text, int version, int disc, int code)
    {
        QrPayload qr = QrPayload.Parse(text);
        Assert.Equal(version, qr.Version);
        Assert.Equal(disc, qr.Discriminator.Value);
        Assert.Equal(code, qr.SetupCode.Value);
        Assert.Equal(text, qr.ToString());
    }

    [Fact]
    public void Accepts_the_older_six_field_form_but_emits_four_fields()
    {
        QrPayload qr = QrPayload.Parse("MASH:1:1234:12345678:0x1234:0x5678");
        Assert.Equal((ushort)0x1234, qr.VendorId);
        Assert.Equal((ushort)0x5678, qr.ProductId);
        Assert.Equal("MASH:1:1234:12345678", qr.ToString());
    }

    [Theory]
    [InlineData("MASH:01:1234:12345678", "version")]
    [InlineData("MASH:1:1234:1234", "8 digits")]
    [InlineData("MASH:1:4096:12345678", "0..4095")]
    [InlineData("MASH:1:01:12345678", "leading zeros")]
    [InlineData("MASH:0:1:12345678", "1..255")]
    [InlineData("MASH:1:1234", "4 fields")]
    [InlineData("MATTER:1:1234:12345678", "MASH:")]
    [InlineData("MASH:1:1234:1234567a", "8 digits")]
    [InlineData("MASH:1:1234:12345678:1234:0x5678", "hex")]
    [InlineData("MASH:1:-1:12345678", "discriminator")]
    public void Rejects_malformed_payloads_with_a_reason(string text, string reason)
    {
        var ex = Assert.Throws<OnboardingFormatException>(() => QrPayload.Parse(text));
        Assert.Contains(reason, ex.Message, System.StringComparison.Ordinal);
        Assert.False(QrPayload.TryParse(text, out _));
    }

    [Fact]
    public void Round_trips_every_discriminator()
    {
        for (int d = 0; d <= Discriminator.MaxValue; d++)
        {
            var qr = new QrPayload(new Discriminator(d), new SetupCode((d * 7919) % 100_000_000));
            Assert.Equal(qr, QrPayload.Parse(qr.ToString()));
        }
    }
}
