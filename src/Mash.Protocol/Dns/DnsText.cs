using Mash.Protocol.Portable;

namespace Mash.Protocol.Dns;

/// <summary>
/// Text forms the record types print in logs, and the lenient UTF-8 decoding of TXT strings
/// from other hosts, without System.Net and System.Text (nanoFramework has neither).
/// </summary>
internal static class DnsText
{
    private const string HexDigits = "0123456789abcdef";

    /// <summary>Dotted quad for 4 bytes; RFC 5952 text for 16 (lowercase, longest zero run as "::").</summary>
    public static string FormatAddress(byte[] address)
    {
        var text = new TextBuilder(40);
        if (address.Length == 4)
        {
            AppendDottedQuad(text, address, 0);
            return text.ToString();
        }

        var groups = new int[8];
        for (int i = 0; i < 8; i++)
        {
            groups[i] = (address[2 * i] << 8) | address[(2 * i) + 1];
        }

        // ::ffff:a.b.c.d (IPv4-mapped) keeps its IPv4 tail readable.
        bool mapped = groups[0] == 0 && groups[1] == 0 && groups[2] == 0 && groups[3] == 0 && groups[4] == 0 && groups[5] == 0xFFFF;
        int count = mapped ? 6 : 8;

        // The longest run of two or more zero groups (the first of equal runs) becomes "::".
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < count; i++)
        {
            if (groups[i] != 0)
            {
                continue;
            }

            int length = 1;
            while (i + length < count && groups[i + length] == 0)
            {
                length++;
            }

            if (length > bestLength)
            {
                bestStart = i;
                bestLength = length;
            }

            i += length - 1;
        }

        for (int i = 0; i < count; i++)
        {
            if (i == bestStart)
            {
                text.Append("::");
                i += bestLength - 1;
                continue;
            }

            if (i > 0 && i != bestStart + bestLength)
            {
                text.Append(':');
            }

            AppendHex(text, groups[i]);
        }

        if (mapped)
        {
            text.Append(':');
            AppendDottedQuad(text, address, 12);
        }

        return text.ToString();
    }

    /// <summary>
    /// UTF-8 to text where every ill-formed sequence becomes U+FFFD (the maximal subpart rule
    /// of Unicode, as .NET's decoder does), for TXT strings that need not be UTF-8.
    /// </summary>
    public static string DecodeLenient(byte[] bytes)
    {
        var chars = new char[bytes.Length];
        int n = 0;
        int i = 0;
        while (i < bytes.Length)
        {
            int b = bytes[i];
            if (b < 0x80)
            {
                chars[n++] = (char)b;
                i++;
                continue;
            }

            int needed;
            int value;
            int low = 0x80;
            int high = 0xBF;
            if (b >= 0xC2 && b <= 0xDF)
            {
                needed = 1;
                value = b & 0x1F;
            }
            else if (b >= 0xE0 && b <= 0xEF)
            {
                needed = 2;
                value = b & 0x0F;
                low = b == 0xE0 ? 0xA0 : 0x80;
                high = b == 0xED ? 0x9F : 0xBF;
            }
            else if (b >= 0xF0 && b <= 0xF4)
            {
                needed = 3;
                value = b & 0x07;
                low = b == 0xF0 ? 0x90 : 0x80;
                high = b == 0xF4 ? 0x8F : 0xBF;
            }
            else
            {
                chars[n++] = '\uFFFD';
                i++;
                continue;
            }

            int k = 1;
            for (; k <= needed && i + k < bytes.Length; k++)
            {
                int next = bytes[i + k];
                if (next < low || next > high)
                {
                    break;
                }

                // Only the first continuation byte has a narrowed range.
                low = 0x80;
                high = 0xBF;
                value = (value << 6) | (next & 0x3F);
            }

            if (k <= needed)
            {
                // Ill-formed: the lead byte and the continuation bytes that fit are one U+FFFD.
                chars[n++] = '\uFFFD';
                i += k;
                continue;
            }

            if (value >= 0x10000)
            {
                value -= 0x10000;
                chars[n++] = (char)(0xD800 + (value >> 10));
                chars[n++] = (char)(0xDC00 + (value & 0x3FF));
            }
            else
            {
                chars[n++] = (char)value;
            }

            i += needed + 1;
        }

        return new string(chars, 0, n);
    }

    private static void AppendDottedQuad(TextBuilder text, byte[] address, int at)
    {
        for (int i = 0; i < 4; i++)
        {
            if (i > 0)
            {
                text.Append('.');
            }

            text.Append(address[at + i]);
        }
    }

    private static void AppendHex(TextBuilder text, int value)
    {
        bool started = false;
        for (int shift = 12; shift >= 0; shift -= 4)
        {
            int digit = (value >> shift) & 0xF;
            if (digit != 0 || started || shift == 0)
            {
                text.Append(HexDigits[digit]);
                started = true;
            }
        }
    }
}
