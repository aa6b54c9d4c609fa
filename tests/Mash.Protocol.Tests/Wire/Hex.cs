using System;
using System.Collections.Generic;
using System.Text;

namespace Mash.Protocol.Tests.Wire;

/// <summary>Parses the digest's byte notation: hex with spaces, plus "quoted" ASCII runs.</summary>
internal static class Hex
{
    public static byte[] Parse(string notation)
    {
        var bytes = new List<byte>();
        var digits = new StringBuilder();
        for (int i = 0; i < notation.Length; i++)
        {
            char c = notation[i];
            if (c == '"')
            {
                int end = notation.IndexOf('"', i + 1);
                bytes.AddRange(Encoding.ASCII.GetBytes(notation.Substring(i + 1, end - i - 1)));
                i = end;
            }
            else if (Uri.IsHexDigit(c))
            {
                digits.Append(c);
                if (digits.Length == 2)
                {
                    bytes.Add(Convert.ToByte(digits.ToString(), 16));
                    digits.Clear();
                }
            }
        }

        if (digits.Length != 0)
        {
            throw new FormatException("Odd number of hex digits in: " + notation);
        }

        return bytes.ToArray();
    }

    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
}
