using System;

namespace Mash.Protocol.Portable;

/// <summary>
/// Strict UTF-8 encoding and decoding. nanoFramework's mscorlib has no System.Text, and the core
/// must reject malformed text from the wire rather than silently replace it.
/// </summary>
public static class Utf8
{
    /// <summary>Encodes a string; unpaired surrogates are an error, not a replacement character.</summary>
    public static byte[] GetBytes(string text)
    {
        int length = GetByteCount(text);
        byte[] bytes = new byte[length];
        int at = 0;
        for (int i = 0; i < text.Length; i++)
        {
            int c = text[i];
            if (c >= 0xD800 && c <= 0xDBFF)
            {
                c = 0x10000 + ((c - 0xD800) << 10) + (text[i + 1] - 0xDC00);
                i++;
            }

            at = Put(bytes, at, c);
        }

        return bytes;
    }

    /// <summary>Number of bytes the UTF-8 form of <paramref name="text"/> takes.</summary>
    public static int GetByteCount(string text)
    {
        int count = 0;
        for (int i = 0; i < text.Length; i++)
        {
            int c = text[i];
            if (c < 0x80)
            {
                count += 1;
            }
            else if (c < 0x800)
            {
                count += 2;
            }
            else if (c >= 0xD800 && c <= 0xDBFF)
            {
                if (i + 1 >= text.Length || text[i + 1] < 0xDC00 || text[i + 1] > 0xDFFF)
                {
                    throw new FormatException("unpaired surrogate in text");
                }

                count += 4;
                i++;
            }
            else if (c >= 0xDC00 && c <= 0xDFFF)
            {
                throw new FormatException("unpaired surrogate in text");
            }
            else
            {
                count += 3;
            }
        }

        return count;
    }

    /// <summary>Decodes the whole array.</summary>
    public static string GetString(byte[] bytes) => GetString(bytes, 0, bytes.Length);

    /// <summary>
    /// Decodes <paramref name="count"/> bytes; overlong forms, surrogates, values above U+10FFFF and
    /// truncated sequences throw <see cref="FormatException"/>.
    /// </summary>
    public static string GetString(byte[] bytes, int offset, int count)
    {
        char[] chars = new char[count];
        int n = 0;
        int end = offset + count;
        int i = offset;
        while (i < end)
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
            int min;
            if ((b & 0xE0) == 0xC0)
            {
                needed = 1;
                value = b & 0x1F;
                min = 0x80;
            }
            else if ((b & 0xF0) == 0xE0)
            {
                needed = 2;
                value = b & 0x0F;
                min = 0x800;
            }
            else if ((b & 0xF8) == 0xF0)
            {
                needed = 3;
                value = b & 0x07;
                min = 0x10000;
            }
            else
            {
                throw new FormatException("invalid UTF-8 lead byte");
            }

            if (i + needed >= end)
            {
                throw new FormatException("truncated UTF-8 sequence");
            }

            for (int k = 1; k <= needed; k++)
            {
                int next = bytes[i + k];
                if ((next & 0xC0) != 0x80)
                {
                    throw new FormatException("invalid UTF-8 continuation byte");
                }

                value = (value << 6) | (next & 0x3F);
            }

            if (value < min || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
            {
                throw new FormatException("invalid UTF-8 code point");
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

    private static int Put(byte[] bytes, int at, int c)
    {
        if (c < 0x80)
        {
            bytes[at++] = (byte)c;
        }
        else if (c < 0x800)
        {
            bytes[at++] = (byte)(0xC0 | (c >> 6));
            bytes[at++] = (byte)(0x80 | (c & 0x3F));
        }
        else if (c < 0x10000)
        {
            bytes[at++] = (byte)(0xE0 | (c >> 12));
            bytes[at++] = (byte)(0x80 | ((c >> 6) & 0x3F));
            bytes[at++] = (byte)(0x80 | (c & 0x3F));
        }
        else
        {
            bytes[at++] = (byte)(0xF0 | (c >> 18));
            bytes[at++] = (byte)(0x80 | ((c >> 12) & 0x3F));
            bytes[at++] = (byte)(0x80 | ((c >> 6) & 0x3F));
            bytes[at++] = (byte)(0x80 | (c & 0x3F));
        }

        return at;
    }
}
