namespace Mash.Device.Model;

/// <summary>
/// Name matching for the model's lookups by name ("energyControl", "setLimit"): ordinal, ASCII
/// letters compared without case. Every declared name is ASCII, and nanoFramework has no
/// StringComparison, so this replaces <c>StringComparison.OrdinalIgnoreCase</c>.
/// </summary>
internal static class Names
{
    public static bool SameIgnoringCase(string? a, string? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        if (a.Length != b.Length)
        {
            return false;
        }

        for (int i = 0; i < a.Length; i++)
        {
            char x = a[i];
            char y = b[i];
            if (x != y && Lower(x) != Lower(y))
            {
                return false;
            }
        }

        return true;
    }

    private static char Lower(char c) => c >= 'A' && c <= 'Z' ? (char)(c + ('a' - 'A')) : c;
}
