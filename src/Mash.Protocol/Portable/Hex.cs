using System;

namespace Mash.Protocol.Portable;

/// <summary>Hexadecimal text for bytes (nanoFramework has no Convert.ToHexString).</summary>
public static class Hex
{
    private const string UpperDigits = "0123456789ABCDEF";
    private const string LowerDigits = "0123456789abcdef";

    public static string ToUpper(byte[] bytes) => Encode(bytes, 0, bytes.Length, UpperDigits);

    public static string ToLower(byte[] bytes) => Encode(bytes, 0, bytes.Length, LowerDigits);

    public static string ToLower(byte[] bytes, int offset, int count) => Encode(bytes, offset, count, LowerDigits);

    /// <summary>Parses an even number of hex digits (either case); anything else is a <see cref="FormatException"/>.</summary>
    public static byte[] Parse(string text)
    {
        if (text.Length % 2 != 0)
        {
            throw new FormatException("hex text has an odd number of digits");
        }

        byte[] bytes = new byte[text.Length / 2];
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)((Digit(text[2 * i]) << 4) | Digit(text[(2 * i) + 1]));
        }

        return bytes;
    }

    private static int Digit(char c)
    {
        if (c >= '0' && c <= '9')
        {
            return c - '0';
        }

        if (c >= 'a' && c <= 'f')
        {
            return c - 'a' + 10;
        }

        if (c >= 'A' && c <= 'F')
        {
            return c - 'A' + 10;
        }

        throw new FormatException("not a hex digit: '" + c + "'");
    }

    private static string Encode(byte[] bytes, int offset, int count, string digits)
    {
        char[] chars = new char[count * 2];
        for (int i = 0; i < count; i++)
        {
            byte b = bytes[offset + i];
            chars[2 * i] = digits[b >> 4];
            chars[(2 * i) + 1] = digits[b & 0xF];
        }

        return new string(chars);
    }
}
