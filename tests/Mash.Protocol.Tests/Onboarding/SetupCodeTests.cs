using System.Collections.Generic;
using Mash.Protocol.Onboarding;

namespace Mash.Protocol.Tests.Onboarding;

public class SetupCodeTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(11111111)]
    [InlineData(99999999)]
    [InlineData(12345678)]
    [InlineData(87654321)]
    public void Trivial_codes_are_flagged(int value)
    {
        Assert.True(new SetupCode(value).IsTrivial);
    }

    [Fact]
    public void Generated_codes_are_never_trivial_even_when_the_random_source_offers_them()
    {
        var offered = new Queue<uint>(new uint[] { 12345678, 0, 87654321, 11111111, 4242 });
        SetupCode code = SetupCode.Generate(() => offered.Dequeue());
        Assert.Equal(4242, code.Value);
        Assert.Equal("00004242", code.ToString());
    }

    [Fact]
    public void Generation_rejects_values_that_would_bias_the_distribution()
    {
        // uint.MaxValue lies in the incomplete last block of 10^8 and must be redrawn.
        var offered = new Queue<uint>(new uint[] { uint.MaxValue, 31415926 });
        Assert.Equal(31415926, SetupCode.Generate(() => offered.Dequeue()).Value);
    }

    [Theory]
    [InlineData("1234567")]
    [InlineData("123456789")]
    [InlineData("1234567x")]
    [InlineData(" 1234567")]
    public void Parse_requires_exactly_eight_digits(string text)
    {
        Assert.Throws<OnboardingFormatException>(() => SetupCode.Parse(text));
    }

    [Fact]
    public void Out_of_range_values_are_refused()
    {
        Assert.Throws<OnboardingFormatException>(() => new SetupCode(100_000_000));
        Assert.Throws<OnboardingFormatException>(() => new SetupCode(-1));
        Assert.Throws<OnboardingFormatException>(() => new Discriminator(4096));
    }

    [Fact]
    public void Codes_and_discriminators_compare_by_value_and_null_means_none()
    {
        SetupCode? none = null;
        Discriminator? noDiscriminator = null;
        Assert.True(new SetupCode(42) == new SetupCode(42));
        Assert.True(new SetupCode(42) != new SetupCode(43));
        Assert.True(new SetupCode(42) != none);
        Assert.True(none == null);
        Assert.Equal(new SetupCode(42).GetHashCode(), new SetupCode(42).GetHashCode());
        Assert.True(new Discriminator(7) == new Discriminator(7));
        Assert.True(new Discriminator(7) != noDiscriminator);
        Assert.False(new Discriminator(7).Equals(new SetupCode(7)));
    }

    [Theory]
    [InlineData(0, "00000000")]
    [InlineData(7, "00000007")]
    [InlineData(99999999, "99999999")]
    public void Codes_print_with_eight_digits(int value, string text)
    {
        Assert.Equal(text, new SetupCode(value).ToString());
        Assert.Equal(value, SetupCode.Parse(text).Value);
    }
}
