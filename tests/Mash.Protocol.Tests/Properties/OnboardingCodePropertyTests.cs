using System;
using System.Globalization;
using CsCheck;
using Mash.Protocol.Onboarding;

namespace Mash.Protocol.Tests.Properties;

public class OnboardingCodePropertyTests
{
    private static readonly Gen<Discriminator> Discriminators = Gen.Int[0, Discriminator.MaxValue].Select(d => new Discriminator(d));

    private static readonly Gen<SetupCode> SetupCodes = Gen.Int[0, SetupCode.MaxValue].Select(s => new SetupCode(s));

    [Fact]
    public void Any_QR_payload_parses_back_from_the_text_printed_in_the_code()
    {
        Gen.Select(Gen.Byte[1, 255], Discriminators, SetupCodes).Sample(
            (version, discriminator, code) =>
            {
                var payload = new QrPayload(version, discriminator, code);
                Assert.Equal(payload, QrPayload.Parse(payload.ToString()));
            },
            iter: 2000);
    }

    [Fact]
    public void The_older_six_field_QR_form_keeps_vendor_and_product()
    {
        Gen.Select(Discriminators, SetupCodes, Gen.UShort, Gen.UShort).Sample(
            (discriminator, code, vendor, product) =>
            {
                string text = string.Create(CultureInfo.InvariantCulture, $"MASH:1:{discriminator}:{code}:0x{vendor:X4}:0x{product:x}");
                Assert.Equal(new QrPayload(1, discriminator, code, vendor, product), QrPayload.Parse(text));
            },
            iter: 1000);
    }

    [Fact]
    public void Any_manual_code_parses_back_to_its_discriminator_and_setup_code()
    {
        Gen.Select(Discriminators, SetupCodes).Sample(
            (discriminator, code) =>
            {
                string manual = ManualCode.Format(discriminator, code);
                Assert.Equal(ManualCode.Length + 3, manual.Length);
                Assert.Equal(new OnboardingCode(discriminator, code), ManualCode.Parse(manual));
            },
            iter: 2000);
    }

    [Fact]
    public void A_single_mistyped_digit_in_a_manual_code_is_always_refused()
    {
        Gen.Select(Discriminators, SetupCodes, Gen.Int[0, ManualCode.Length - 1], Gen.Int[1, 9]).Sample(
            (discriminator, code, position, shift) =>
            {
                char[] digits = ManualCode.Format(discriminator, code).Replace("-", string.Empty, StringComparison.Ordinal).ToCharArray();
                digits[position] = (char)('0' + ((digits[position] - '0' + shift) % 10));
                Assert.Throws<OnboardingFormatException>(() => ManualCode.Parse(new string(digits)));
            },
            iter: 3000);
    }

    [Fact]
    public void Two_swapped_neighbouring_digits_in_a_manual_code_are_always_refused()
    {
        Gen.Select(Discriminators, SetupCodes, Gen.Int[0, ManualCode.Length - 2]).Sample(
            (discriminator, code, position) =>
            {
                char[] digits = ManualCode.Format(discriminator, code).Replace("-", string.Empty, StringComparison.Ordinal).ToCharArray();
                if (digits[position] == digits[position + 1])
                {
                    return;
                }

                (digits[position], digits[position + 1]) = (digits[position + 1], digits[position]);
                Assert.Throws<OnboardingFormatException>(() => ManualCode.Parse(new string(digits)));
            },
            iter: 3000);
    }
}
