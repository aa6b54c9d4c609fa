using System;

namespace Mash.Device.Storage;

/// <summary>
/// Platform seam for persistent storage: a small, bounded key-value store whose writes are
/// atomic per key and survive a power cut at any moment. After a crash a key holds either its
/// previous value or the new one, never a mix; a record damaged by other means is reported as
/// <see cref="FlashReadStatus.Corrupt"/>, never returned as data.
/// </summary>
/// <remarks>
/// Not thread-safe: the store belongs to the scheduler thread and is only called from it, like
/// all other protocol state. Keys follow <see cref="FlashKeys"/>; sizes follow <see cref="Limits"/>.
/// </remarks>
public interface IFlashStore
{
    FlashLimits Limits { get; }

    /// <summary>Reads and verifies one key. Throws only for an invalid key or an I/O failure.</summary>
    FlashRead Read(string key);

    /// <summary>
    /// Replaces the value of <paramref name="key"/> atomically; when this returns, the value is
    /// durable. Throws <see cref="ArgumentException"/> for an invalid key or a value above
    /// <see cref="FlashLimits.MaxValueBytes"/>, and <see cref="FlashStoreFullException"/> when the
    /// key is new and the store already holds <see cref="FlashLimits.MaxKeys"/> keys; in those
    /// cases the store is left untouched.
    /// </summary>
    void Write(string key, byte[] value);

    /// <summary>Removes a key durably. Returns false when it did not exist.</summary>
    bool Delete(string key);

    /// <summary>
    /// Lists keys starting with <paramref name="prefix"/> ("" for all) in ordinal order without
    /// allocating: copies as many as fit into <paramref name="destination"/> and returns how many
    /// keys match in total. A return value larger than <c>destination.Length</c> means the list
    /// was cut short; a destination of <see cref="FlashLimits.MaxKeys"/> entries always suffices.
    /// Corrupt records are listed too (they exist; reading them says why they are unusable).
    /// </summary>
    int CopyKeys(string prefix, string[] destination);
}
