using System;

namespace Mash.Device.Storage;

/// <summary>
/// Bounds of a flash store. The device keeps few records (at most 5 zones, each with a handful
/// of keys, plus identity and settings), so the store is small and fixed; exceeding a bound is a
/// programming or provisioning error reported before anything is written. Validated on
/// construction (and in <see cref="WithMaxKeys"/>), so no store sees a nonsense bound.
/// </summary>
public sealed class FlashLimits
{
    /// <summary>64 keys, 16 KiB per value, 48-character keys.</summary>
    public static FlashLimits Default { get; } = new FlashLimits(64, 16 * 1024, 48);

    public FlashLimits(int maxKeys, int maxValueBytes, int maxKeyLength)
    {
        if (maxKeys <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxKeys), "MaxKeys: a flash store must hold at least one key.");
        }

        if (maxValueBytes < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxValueBytes), "MaxValueBytes: the value size limit cannot be negative.");
        }

        if (maxKeyLength <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxKeyLength), "MaxKeyLength: keys must be allowed at least one character.");
        }

        MaxKeys = maxKeys;
        MaxValueBytes = maxValueBytes;
        MaxKeyLength = maxKeyLength;
    }

    public int MaxKeys { get; }

    public int MaxValueBytes { get; }

    public int MaxKeyLength { get; }

    /// <summary>These limits with another key count, validated like the constructor.</summary>
    public FlashLimits WithMaxKeys(int maxKeys) => new FlashLimits(maxKeys, MaxValueBytes, MaxKeyLength);

    /// <summary>Throws <see cref="ArgumentException"/> naming the rule the key breaks.</summary>
    public void ThrowIfKeyInvalid(string key)
    {
        ArgumentNullException.ThrowIfNull(key, nameof(key));
        string? problem = FlashKeys.Explain(key, MaxKeyLength);
        if (problem != null)
        {
            throw new ArgumentException("Invalid flash key '" + key + "': " + problem, nameof(key));
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> when a value of this size may not be stored.</summary>
    public void ThrowIfValueTooLarge(byte[] value)
    {
        ArgumentNullException.ThrowIfNull(value, nameof(value));
        if (value.Length > MaxValueBytes)
        {
            throw new ArgumentException(
                "A flash value of " + value.Length.ToString() + " bytes exceeds the limit of " + MaxValueBytes.ToString() + " bytes.",
                nameof(value));
        }
    }

    public override bool Equals(object? obj) =>
        obj is FlashLimits other && other.MaxKeys == MaxKeys && other.MaxValueBytes == MaxValueBytes && other.MaxKeyLength == MaxKeyLength;

    public override int GetHashCode() => (((MaxKeys * 397) ^ MaxValueBytes) * 397) ^ MaxKeyLength;

    public override string ToString() =>
        "FlashLimits { MaxKeys = " + MaxKeys.ToString() + ", MaxValueBytes = " + MaxValueBytes.ToString() + ", MaxKeyLength = " + MaxKeyLength.ToString() + " }";
}
