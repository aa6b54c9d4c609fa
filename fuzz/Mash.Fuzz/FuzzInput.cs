using System;

namespace Mash.Fuzz;

/// <summary>
/// Splits one fuzzer input into the several byte strings a target needs (a certificate and its
/// CA, say). Each part but the last is prefixed with a 2-byte big-endian length; a length that
/// runs past the end takes what is left, so every input maps to some split and mutations of the
/// length bytes still reach the parser.
/// </summary>
internal static class FuzzInput
{
    public static byte[][] Split(ReadOnlySpan<byte> data, int parts)
    {
        var result = new byte[parts][];
        for (int i = 0; i < parts - 1; i++)
        {
            if (data.Length < 2)
            {
                result[i] = [];
                data = [];
                continue;
            }

            int length = Math.Min((data[0] << 8) | data[1], data.Length - 2);
            result[i] = data.Slice(2, length).ToArray();
            data = data[(2 + length)..];
        }

        result[parts - 1] = data.ToArray();
        return result;
    }

    /// <summary>The inverse of <see cref="Split"/>, for writing seeds.</summary>
    public static byte[] Join(params byte[][] parts)
    {
        int total = 0;
        foreach (byte[] part in parts)
        {
            total += part.Length + 2;
        }

        var joined = new byte[total - 2];
        int at = 0;
        for (int i = 0; i < parts.Length; i++)
        {
            if (i < parts.Length - 1)
            {
                joined[at++] = (byte)(parts[i].Length >> 8);
                joined[at++] = (byte)parts[i].Length;
            }

            parts[i].CopyTo(joined, at);
            at += parts[i].Length;
        }

        return joined;
    }
}
