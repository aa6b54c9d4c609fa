namespace Mash.Protocol.Onboarding;

/// <summary>
/// Verhoeff check digit over decimal strings: catches every single-digit error and every swap of
/// adjacent digits, the two mistakes people make when typing a code from a label.
/// </summary>
public static class Verhoeff
{
    // The dihedral group D5 multiplication table, 10 x 10 row by row (flat: nanoFramework has
    // no multidimensional arrays).
    private static readonly byte[] s_multiply =
    {
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 2, 3, 4, 0, 6, 7, 8, 9, 5,
        2, 3, 4, 0, 1, 7, 8, 9, 5, 6, 3, 4, 0, 1, 2, 8, 9, 5, 6, 7,
        4, 0, 1, 2, 3, 9, 5, 6, 7, 8, 5, 9, 8, 7, 6, 0, 4, 3, 2, 1,
        6, 5, 9, 8, 7, 1, 0, 4, 3, 2, 7, 6, 5, 9, 8, 2, 1, 0, 4, 3,
        8, 7, 6, 5, 9, 3, 2, 1, 0, 4, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0,
    };

    // The position permutation, 8 x 10 row by row.
    private static readonly byte[] s_permute =
    {
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 5, 7, 6, 2, 8, 3, 0, 9, 4,
        5, 8, 0, 3, 7, 9, 6, 1, 4, 2, 8, 9, 1, 6, 0, 4, 3, 5, 2, 7,
        9, 4, 5, 3, 1, 2, 6, 8, 7, 0, 4, 2, 8, 6, 5, 7, 3, 9, 0, 1,
        2, 7, 9, 3, 8, 0, 6, 4, 1, 5, 7, 0, 4, 6, 9, 1, 3, 2, 5, 8,
    };

    private static readonly byte[] s_inverse = { 0, 4, 3, 2, 1, 5, 6, 7, 8, 9 };

    /// <summary>The check digit to append to <paramref name="digits"/>.</summary>
    public static char Compute(string digits)
    {
        int c = 0;
        for (int i = 0; i < digits.Length; i++)
        {
            int d = digits[digits.Length - 1 - i] - '0';
            c = s_multiply[(c * 10) + s_permute[(((i + 1) % 8) * 10) + d]];
        }

        return (char)('0' + s_inverse[c]);
    }

    /// <summary>True when the last digit is the correct check digit of the ones before it.</summary>
    public static bool IsValid(string digitsWithCheck)
    {
        int c = 0;
        for (int i = 0; i < digitsWithCheck.Length; i++)
        {
            int d = digitsWithCheck[digitsWithCheck.Length - 1 - i] - '0';
            c = s_multiply[(c * 10) + s_permute[((i % 8) * 10) + d]];
        }

        return c == 0;
    }
}
