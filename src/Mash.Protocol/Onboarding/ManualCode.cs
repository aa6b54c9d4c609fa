using System;
using System.Globalization;

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
        string digits = string.Create(CultureInfo.InvariantCulture, $"{discriminator.Value:D4}{setupCode}");
        char check = Verhoeff.Compute(digits);
        return string.Create(CultureInfo.InvariantCulture, $"{digits[..4]}-{digits[4..8]}-{digits[8..12]}-{check}");
    }

    /// <summary>
    /// Parses a manual code, ignoring spaces and dashes. Thirteen digits carry a check digit;
    /// twelve digits (discriminator and code as the reference CLI takes them) are accepted without.
    /// </summary>
    public static (Discriminator Discriminator, SetupCode SetupCode) Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Span<char> digits = stackalloc char[Length];
        int n = 0;
        foreach (char c in text)
        {
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

        if (n == Length && !Verhoeff.IsValid(digits))
        {
            throw new OnboardingFormatException("manual code check digit does not match: a digit was mistyped");
        }

        var discriminator = new Discriminator(int.Parse(digits[..4], NumberStyles.None, CultureInfo.InvariantCulture));
        var setupCode = new SetupCode(int.Parse(digits[4..12], NumberStyles.None, CultureInfo.InvariantCulture));
        return (discriminator, setupCode);
    }
}
