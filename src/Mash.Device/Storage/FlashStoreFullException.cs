using System;

namespace Mash.Device.Storage;

/// <summary>
/// Thrown when a write would add a key beyond <see cref="FlashLimits.MaxKeys"/>. Nothing was
/// written; existing keys may still be overwritten or deleted.
/// </summary>
public sealed class FlashStoreFullException : InvalidOperationException
{
    public FlashStoreFullException()
        : base("The flash store is full.")
    {
    }

    public FlashStoreFullException(string message)
        : base(message)
    {
    }

    public FlashStoreFullException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public FlashStoreFullException(string key, int maxKeys)
        : base("Cannot add flash key '" + key + "': the store already holds its limit of " + maxKeys + " keys.")
    {
        Key = key;
        MaxKeys = maxKeys;
    }

    /// <summary>The key that could not be added, when known.</summary>
    public string? Key { get; }

    public int MaxKeys { get; }
}
