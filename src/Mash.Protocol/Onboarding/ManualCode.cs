using System;

namespace Mash.Protocol.Onboarding;

/// <summary>
/// The code a person types when the QR code cannot be scanned. Neither the spec nor the reference
/// defines one (the reference CLI takes discriminator and setup code as two arguments), so this
/// firmware prints the same two values as 12 digits plus a Verhoeff check digit, grouped for
/// reading aloud: <c>DDDD-SSSS-SSSS-C</c> (discriminator zero-padded, then the setup code).
/// The check digit turns a typo into an immediate "check digit does not match" instead of a
/// failed PASE attempt that counts against the device's brute-force budget.
/// </summary>
public static class ManualCode
{
    public const int Length = 13;

    public static string Format(Discriminator discriminator, SetupCode setupCode)
    {
        ArgumentNullException.ThrowIfNull(discriminator);
        ArgumentNullException.ThrowIfNull(setupCode);
        string digits = SetupCode.FormatDigits(discriminator.Value, 4) + setupCode.ToString();
        char check = Verhoeff.Compute(digits);
        return digits.Substring(0, 4) + "-" + digits.Substring(4, 4) + "-" + digits.Substring(8, 4) + "-" + check;
    }

    /// <summary>
    /// Parses a manual code, ignoring spaces and dashes. Thirteen digits carry a check digit;
    /// twelve digits (discriminator and code as the reference CLI takes them) are accepted without.
    /// </summary>
    public static OnboardingCode Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var digits = new char[Length];
        int n = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == ' ' || c == '-')
            {
                continue;
            }

            if (c < '0' || c > '9')
            {
                throw new OnboardingFormatException($"manual code may contain only digits, spaces and dashes, found '{c}'");
            }

            if (n == Length)
            {
                throw new OnboardingFormatException($"manual code must have {Length} digits, got more");
            }

            digits[n++] = c;
        }

        if (n != Length && n != Length - 1)
        {
            throw new OnboardingFormatException($"manual code must have {Length} digits (DDDD-SSSS-SSSS-C), got {n}");
        }

        string all = new(digits, 0, n);
        if (n == Length && !Verhoeff.IsValid(all))
        {
            throw new OnboardingFormatException("manual code check digit does not match: a digit was mistyped");
        }

        var discriminator = new Discriminator(SetupCode.ParseDigits(all, 0, 4));
        var setupCode = new SetupCode(SetupCode.ParseDigits(all, 4, 8));
        return new OnboardingCode(discriminator, setupCode);
    }
}
