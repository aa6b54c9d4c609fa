using Mash.Protocol.Onboarding;

namespace Mash.Protocol.Tests.Onboarding;

public class ManualCodeTests
{
    [Fact]
    public void Formats_discriminator_and_code_with_a_check_digit_and_parses_back()
    {
        string manual = ManualCode.Format(new Discriminator(42), new SetupCode(1234));
        Assert.Matches(@"^0042-0000-1234-\d$", manual);
        (Discriminator d, SetupCode s) = ManualCode.Parse(manual);
        Assert.Equal(42, d.Value);
        Assert.Equal(1234, s.Value);
    }

    [Fact]
    public void Spaces_and_dashes_are_ignored()
    {
        string manual = ManualCode.Format(new Discriminator(4095), new SetupCode(98765431));
        string spaced = manual.Replace('-', ' ');
        Assert.Equal(ManualCode.Parse(manual), ManualCode.Parse(spaced));
        Assert.Equal(ManualCode.Parse(manual), ManualCode.Parse(manual.Replace("-", "", System.StringComparison.Ordinal)));
    }

    [Fact]
    public void Every_single_digit_typo_is_caught_by_the_check_digit()
    {
        string digits = ManualCode.Format(new Discriminator(1234), new SetupCode(55512345)).Replace("-", "", System.StringComparison.Ordinal);
        for (int i = 0; i < digits.Length; i++)
        {
            for (char c = '0'; c <= '9'; c++)
            {
                if (c == digits[i])
                {
                    continue;
                }

                string typo = digits[..i] + c + digits[(i + 1)..];
                Assert.Throws<OnboardingFormatException>(() => ManualCode.Parse(typo));
            }
        }
    }

    [Fact]
    public void Every_adjacent_swap_is_caught_by_the_check_digit()
    {
        string digits = ManualCode.Format(new Discriminator(1234), new SetupCode(55512345)).Replace("-", "", System.StringComparison.Ordinal);
        for (int i = 0; i + 1 < digits.Length; i++)
        {
            if (digits[i] == digits[i + 1])
            {
                continue;
            }

            string swapped = digits[..i] + digits[i + 1] + digits[i] + digits[(i + 2)..];
            Assert.Throws<OnboardingFormatException>(() => ManualCode.Parse(swapped));
        }
    }

    [Fact]
    public void Twelve_digits_without_check_digit_are_accepted_as_the_reference_cli_takes_them()
    {
        (Discriminator d, SetupCode s) = ManualCode.Parse("1234 12345678");
        Assert.Equal(1234, d.Value);
        Assert.Equal(12345678, s.Value);
    }

    [Theory]
    [InlineData("1234-5678")]
    [InlineData("1234-5678-9012-34")]
    [InlineData("12a4-5678-9012-3")]
    [InlineData("")]
    public void Rejects_wrong_length_or_characters(string text)
    {
        Assert.Throws<OnboardingFormatException>(() => ManualCode.Parse(text));
    }

    [Fact]
    public void Onboarding_code_takes_either_form()
    {
        var fromQr = OnboardingCode.Parse("MASH:1:77:00000042");
        var fromManual = OnboardingCode.Parse(fromQr.ToManualCode());
        Assert.Equal(fromQr, fromManual);
    }

    [Fact]
    public void The_README_example_keeps_its_manual_code_and_QR_payload()
    {
        var code = new OnboardingCode(new Discriminator(2888), new SetupCode(94076876));
        Assert.Equal("2888-9407-6876-2", code.ToManualCode());
        Assert.Equal("MASH:1:2888:94076876", code.ToQrPayload().ToString());
        Assert.Equal(code, OnboardingCode.Parse("2888-9407-6876-2"));
        Assert.Equal(code, OnboardingCode.Parse("  MASH:1:2888:94076876"));
        Assert.Throws<OnboardingFormatException>(() => OnboardingCode.Parse("mash:1:2888:94076876"));
        Assert.Equal(code.GetHashCode(), OnboardingCode.Parse("MASH:1:2888:94076876").GetHashCode());
    }
}
