using System;

namespace Mash.Protocol.Pics;

/// <summary>
/// The shape of a PICS code: <c>MASH.&lt;S|C&gt;</c> then dot-separated segments of letters, digits
/// and underscores (pics-format.md section 2.1; the registry's codes such as
/// <c>MASH.S.TRANS.TLS_AES_128_GCM</c> go beyond the section's grammar, so any such segment is
/// accepted). Codes compare case-insensitively (section 3.2, rule 5).
/// </summary>
public static class PicsCodes
{
    public static readonly StringComparer Comparer = StringComparer.OrdinalIgnoreCase;

    /// <summary>True for a well-formed code.</summary>
    public static bool IsWellFormed(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        string[] parts = code.Split('.');
        if (parts.Length < 2 || !Comparer.Equals(parts[0], "MASH") || !(Comparer.Equals(parts[1], "S") || Comparer.Equals(parts[1], "C")))
        {
            return false;
        }

        for (int i = 2; i < parts.Length; i++)
        {
            if (parts[i].Length == 0)
            {
                return false;
            }

            foreach (char c in parts[i])
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>"S" or "C" (upper case) of a well-formed code.</summary>
    public static string Side(string code) => code.Split('.')[1].ToUpperInvariant();

    /// <summary>The third segment (the feature, e.g. "TRANS"), upper case, or null for MASH.S / MASH.C.</summary>
    public static string? Feature(string code)
    {
        string[] parts = code.Split('.');
        return parts.Length > 2 ? parts[2].ToUpperInvariant() : null;
    }

    /// <summary>The code of the feature a code belongs to ("MASH.S.TRANS" for "MASH.S.TRANS.PORT"), or null.</summary>
    public static string? FeatureCode(string code)
    {
        string[] parts = code.Split('.');
        return parts.Length > 2 ? "MASH." + parts[1].ToUpperInvariant() + "." + parts[2].ToUpperInvariant() : null;
    }

    /// <summary>"MASH.S" or "MASH.C".</summary>
    public static string SideCode(string code) => "MASH." + Side(code);
}
