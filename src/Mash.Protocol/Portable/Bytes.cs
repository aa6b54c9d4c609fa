using System;

namespace Mash.Protocol.Portable;

/// <summary>
/// Byte-array helpers the core uses instead of spans, which nanoFramework 1.x does not have.
/// </summary>
public static class Bytes
{
    /// <summary>One shared empty array (there is no Array.Empty&lt;T&gt; without generics).</summary>
    public static readonly byte[] Empty = new byte[0];

    /// <summary>A copy of <paramref name="count"/> bytes from <paramref name="offset"/>.</summary>
    public static byte[] Slice(byte[] source, int offset, int count)
    {
        if (offset < 0 || count < 0 || offset > source.Length - count)
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }

        byte[] copy = new byte[count];
        Array.Copy(source, offset, copy, 0, count);
        return copy;
    }

    /// <summary>A copy of the whole array.</summary>
    public static byte[] Copy(byte[] source) => Slice(source, 0, source.Length);

    /// <summary>The two arrays one after the other.</summary>
    public static byte[] Concat(byte[] first, byte[] second)
    {
        byte[] all = new byte[first.Length + second.Length];
        Array.Copy(first, 0, all, 0, first.Length);
        Array.Copy(second, 0, all, first.Length, second.Length);
        return all;
    }

    /// <summary>Ordinary equality of contents (not for secrets: see <see cref="FixedTimeEquals"/>).</summary>
    public static bool AreEqual(byte[] a, byte[] b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Equality whose running time depends only on the lengths, for MACs and confirmation values.
    /// </summary>
    public static bool FixedTimeEquals(byte[] a, byte[] b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        int diff = 0;
        for (int i = 0; i < a.Length; i++)
        {
            diff |= a[i] ^ b[i];
        }

        return diff == 0;
    }

    /// <summary>Overwrites secret material once it is no longer needed.</summary>
    public static void Clear(byte[] secret) => Array.Clear(secret, 0, secret.Length);
}
