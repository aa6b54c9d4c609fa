using System;

namespace Mash.Protocol.Onboarding;

/// <summary>A source of uniform 32-bit random values (a named delegate: nanoFramework has no Func&lt;T&gt;).</summary>
public delegate uint RandomUInt32();

/// <summary>
/// The 8-digit setup code (00000000..99999999, about 27 bits) that proves physical access to the
/// device during SPAKE2+. It is always written with leading zeros: the SPAKE2+ password is the
/// 8-character text, so "00001234" and "1234" must never be confused.
/// </summary>
/// <remarks>
/// An immutable class rather than a struct: "no setup code" (a provisioned device) is then a
/// plain null reference, which nanoFramework supports, where a struct would need Nullable&lt;T&gt;.
/// </remarks>
public sealed class SetupCode
{
    public const int MaxValue = 99_999_999;
    public const int Digits = 8;

    // Codes a person could guess without seeing the label; the same idea as Matter's list of
    // invalid passcodes. A generated code is never one of these, a configured one needs an
    // explicit override (interop labs use 12345678).
    private static readonly int[] s_trivial =
    {
        0, 11_111_111, 22_222_222, 33_333_333, 44_444_444, 55_555_555, 66_666_666, 77_777_777,
        88_888_888, 99_999_999, 12_345_678, 87_654_321, 1_234_567, 98_765_432,
    };

    public SetupCode(int value)
    {
        if (value < 0 || value > MaxValue)
        {
            throw new OnboardingFormatException($"setup code must be 0..{MaxValue}, got {value}");
        }

        Value = value;
    }

    public int Value { get; }

    /// <summary>True for codes that are easy to guess (all one digit, ascending, descending).</summary>
    public bool IsTrivial
    {
        get
        {
            foreach (int trivial in s_trivial)
            {
                if (trivial == Value)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Parses exactly eight decimal digits.</summary>
    public static SetupCode Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length != Digits || !AllDigits(text))
        {
            throw new OnboardingFormatException($"setup code must be exactly 8 digits (with leading zeros), got \"{text}\"");
        }

        return new SetupCode(ParseDigits(text, 0, Digits));
    }

    /// <summary>
    /// Picks a uniformly random non-trivial code. <paramref name="nextRandom"/> returns a uniform
    /// 32-bit value; rejection sampling keeps the distribution flat over 0..99999999.
    /// </summary>
    public static SetupCode Generate(RandomUInt32 nextRandom)
    {
        ArgumentNullException.ThrowIfNull(nextRandom);
        const uint range = MaxValue + 1u;
        const uint limit = uint.MaxValue - (uint.MaxValue % range);
        while (true)
        {
            uint r = nextRandom();
            if (r >= limit)
            {
                continue;
            }

            var code = new SetupCode((int)(r % range));
            if (!code.IsTrivial)
            {
                return code;
            }
        }
    }

    public override string ToString() => FormatDigits(Value, Digits);

    public bool Equals(SetupCode? other) => other is not null && Value == other.Value;

    public override bool Equals(object? obj) => obj is SetupCode other && Equals(other);

    public override int GetHashCode() => Value;

    public static bool operator ==(SetupCode? left, SetupCode? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(SetupCode? left, SetupCode? right) => !(left == right);

    internal static bool AllDigits(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] < '0' || text[i] > '9')
            {
                return false;
            }
        }

        return text.Length > 0;
    }

    /// <summary>The value of <paramref name="count"/> ASCII digits (at most 9, checked by the caller).</summary>
    internal static int ParseDigits(string text, int start, int count)
    {
        int value = 0;
        for (int i = start; i < start + count; i++)
        {
            value = (value * 10) + (text[i] - '0');
        }

        return value;
    }

    /// <summary>A non-negative value in decimal, zero-padded to at least <paramref name="width"/> digits.</summary>
    internal static string FormatDigits(int value, int width)
    {
        var digits = new char[10 > width ? 10 : width];
        int at = digits.Length;
        do
        {
            digits[--at] = (char)('0' + (value % 10));
            value /= 10;
        }
        while (value > 0);

        while (digits.Length - at < width)
        {
            digits[--at] = '0';
        }

        return new string(digits, at, digits.Length - at);
    }
}
