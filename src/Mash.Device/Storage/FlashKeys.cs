using System;
using Mash.Protocol.Portable;

namespace Mash.Device.Storage;

/// <summary>
/// Key syntax shared by every store. Keys become file names on the host (and may become
/// partition entries on a device), so they are restricted to <c>[a-z0-9._-]</c> and must start
/// with a letter or digit: no path separators, no hidden files, no "." or "..".
/// </summary>
public static class FlashKeys
{
    public static bool IsValid(string? key, int maxLength) => key != null && Explain(key, maxLength) == null;

    /// <summary>Null when the key is valid, otherwise the rule it breaks.</summary>
    public static string? Explain(string key, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(key, nameof(key));
        if (key.Length == 0)
        {
            return "a key cannot be empty";
        }

        if (key.Length > maxLength)
        {
            return "longer than " + maxLength + " characters";
        }

        if (!IsLetterOrDigit(key[0]))
        {
            return "must start with a-z or 0-9";
        }

        for (int i = 1; i < key.Length; i++)
        {
            char c = key[i];
            if (!IsLetterOrDigit(c) && c != '.' && c != '_' && c != '-')
            {
                return "only a-z, 0-9, '.', '_' and '-' are allowed (found '" + c + "' at " + i + ")";
            }
        }

        return null;
    }

    /// <summary>True when <paramref name="key"/> starts with <paramref name="prefix"/>, compared ordinally.</summary>
    public static bool HasPrefix(string key, string prefix) =>
        Ordinal.StartsWith(key, prefix);

    private static bool IsLetterOrDigit(char c) => (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}
