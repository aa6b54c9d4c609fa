namespace Mash.Protocol.Portable;

/// <summary>
/// Ordinal (char-code) string comparison. nanoFramework's string has no CompareOrdinal and no
/// StringComparison; on the host the same ordering as <c>string.CompareOrdinal</c>.
/// </summary>
public static class Ordinal
{
    /// <summary>Negative, zero or positive as <paramref name="a"/> sorts before, equal to or after <paramref name="b"/>.</summary>
    public static int Compare(string a, string b)
    {
        int length = a.Length < b.Length ? a.Length : b.Length;
        for (int i = 0; i < length; i++)
        {
            int difference = a[i] - b[i];
            if (difference != 0)
            {
                return difference;
            }
        }

        return a.Length - b.Length;
    }

    /// <summary>True when <paramref name="value"/> begins with <paramref name="prefix"/>, char for char.</summary>
    public static bool StartsWith(string value, string prefix)
    {
        if (value.Length < prefix.Length)
        {
            return false;
        }

        for (int i = 0; i < prefix.Length; i++)
        {
            if (value[i] != prefix[i])
            {
                return false;
            }
        }

        return true;
    }
}
