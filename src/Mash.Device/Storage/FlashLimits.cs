using System;

namespace Mash.Device.Storage;

/// <summary>
/// Bounds of a flash store. The device keeps few records (at most 5 zones, each with a handful
/// of keys, plus identity and settings), so the store is small and fixed; exceeding a bound is a
/// programming or provisioning error reported before anything is written.
/// </summary>
public sealed record FlashLimits(int MaxKeys, int MaxValueBytes, int MaxKeyLength)
{
    /// <summary>64 keys, 16 KiB per value, 48-character keys.</summary>
    public static FlashLimits Default { get; } = new(64, 16 * 1024, 48);

    private readonly int _maxKeys = CheckMaxKeys(MaxKeys);
    private readonly int _maxValueBytes = CheckMaxValueBytes(MaxValueBytes);
    private readonly int _maxKeyLength = CheckMaxKeyLength(MaxKeyLength);

    // Validated on construction and in `with` expressions alike, so no store sees a nonsense bound.
    public int MaxKeys { get => _maxKeys; init => _maxKeys = CheckMaxKeys(value); }

    public int MaxValueBytes { get => _maxValueBytes; init => _maxValueBytes = CheckMaxValueBytes(value); }

    public int MaxKeyLength { get => _maxKeyLength; init => _maxKeyLength = CheckMaxKeyLength(value); }

    /// <summary>Throws <see cref="ArgumentException"/> naming the rule the key breaks.</summary>
    public void ThrowIfKeyInvalid(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        string? problem = FlashKeys.Explain(key, MaxKeyLength);
        if (problem != null)
        {
            throw new ArgumentException("Invalid flash key '" + key + "': " + problem, nameof(key));
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> when a value of this size may not be stored.</summary>
    public void ThrowIfValueTooLarge(ReadOnlySpan<byte> value)
    {
        if (value.Length > MaxValueBytes)
        {
            throw new ArgumentException(
                "A flash value of " + value.Length + " bytes exceeds the limit of " + MaxValueBytes + " bytes.",
                nameof(value));
        }
    }

    private static int CheckMaxKeys(int value) => value > 0
        ? value
        : throw new ArgumentOutOfRangeException(nameof(value), value, "MaxKeys: a flash store must hold at least one key.");

    private static int CheckMaxValueBytes(int value) => value >= 0
        ? value
        : throw new ArgumentOutOfRangeException(nameof(value), value, "MaxValueBytes: the value size limit cannot be negative.");

    private static int CheckMaxKeyLength(int value) => value > 0
        ? value
        : throw new ArgumentOutOfRangeException(nameof(value), value, "MaxKeyLength: keys must be allowed at least one character.");
}
