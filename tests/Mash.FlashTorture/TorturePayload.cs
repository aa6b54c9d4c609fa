using System;
using System.Buffers.Binary;

namespace Mash.FlashTorture;

/// <summary>
/// The value written for sequence number n: n (8 bytes, big endian) followed by filler whose
/// length (100..16000 bytes) and content follow from n alone. A reader can therefore tell a
/// complete value for n from a torn one or a mix of two writes without knowing what was written.
/// </summary>
public static class TorturePayload
{
    public const int MinFiller = 100;
    public const int MaxFiller = 16000;

    public static byte[] Build(long n)
    {
        ulong state = Mix((ulong)n);
        int filler = FillerLength(state);
        byte[] value = new byte[8 + filler];
        BinaryPrimitives.WriteInt64BigEndian(value, n);
        Fill(value.AsSpan(8), state);
        return value;
    }

    /// <summary>Null when <paramref name="value"/> is exactly the value for its n, otherwise what is wrong.</summary>
    public static string? Check(ReadOnlySpan<byte> value, out long n)
    {
        n = -1;
        if (value.Length < 8)
        {
            return "value of " + value.Length + " bytes has no sequence number";
        }

        n = BinaryPrimitives.ReadInt64BigEndian(value);
        if (n < 1)
        {
            return "sequence number " + n + " was never written";
        }

        ulong state = Mix((ulong)n);
        int filler = FillerLength(state);
        if (value.Length != 8 + filler)
        {
            return "value for n=" + n + " is " + value.Length + " bytes, expected " + (8 + filler);
        }

        Span<byte> expected = new byte[filler];
        Fill(expected, state);
        int mismatch = value[8..].CommonPrefixLength(expected);
        return mismatch == filler ? null : "value for n=" + n + " differs at byte " + (8 + mismatch);
    }

    private static int FillerLength(ulong state) => MinFiller + (int)(state % (MaxFiller - MinFiller + 1));

    private static void Fill(Span<byte> destination, ulong state)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            state = Mix(state + (ulong)i);
            destination[i] = (byte)(state >> 56);
        }
    }

    // SplitMix64 finaliser: cheap, and neighbouring n give unrelated lengths and bytes.
    private static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
