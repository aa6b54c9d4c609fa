using System;
using Mash.Protocol.Portable;

namespace Mash.Device.Storage;

/// <summary>
/// A flash store in RAM for tests of the core: same key rules, limits and ordering as the real
/// stores, plus <see cref="InjectCorruption"/> so callers' handling of damaged records can be
/// tested. Storage is two fixed arrays sized by <see cref="FlashLimits.MaxKeys"/>, kept sorted.
/// Not thread-safe (see <see cref="IFlashStore"/>).
/// </summary>
public sealed class InMemoryFlashStore : IFlashStore
{
    private readonly string[] _keys;
    private readonly byte[]?[] _values;

    // Non-null entry = the key exists but reads as Corrupt with this problem.
    private readonly string?[] _corruption;
    private int _count;

    public InMemoryFlashStore(FlashLimits? limits = null)
    {
        Limits = limits ?? FlashLimits.Default;
        _keys = new string[Limits.MaxKeys];
        _values = new byte[]?[Limits.MaxKeys];
        _corruption = new string?[Limits.MaxKeys];
    }

    public FlashLimits Limits { get; }

    /// <summary>Number of keys held, for tests.</summary>
    public int Count => _count;

    /// <summary>Number of completed writes, so tests can assert that nothing was rewritten.</summary>
    public int WriteCount { get; private set; }

    public FlashRead Read(string key)
    {
        Limits.ThrowIfKeyInvalid(key);
        int index = IndexOf(key);
        if (index < 0)
        {
            return FlashRead.Missing;
        }

        string? problem = _corruption[index];
        if (problem != null)
        {
            return FlashRead.Corrupt(problem);
        }

        // A copy, so a caller mutating what it read cannot change what is stored.
        return FlashRead.Ok((byte[])_values[index]!.Clone());
    }

    public void Write(string key, byte[] value)
    {
        Limits.ThrowIfKeyInvalid(key);
        Limits.ThrowIfValueTooLarge(value);
        int index = IndexOf(key);
        if (index < 0)
        {
            if (_count == Limits.MaxKeys)
            {
                throw new FlashStoreFullException(key, Limits.MaxKeys);
            }

            index = ~index;
            Array.Copy(_keys, index, _keys, index + 1, _count - index);
            Array.Copy(_values, index, _values, index + 1, _count - index);
            Array.Copy(_corruption, index, _corruption, index + 1, _count - index);
            _keys[index] = key;
            _count++;
        }

        _values[index] = (byte[])value.Clone();
        _corruption[index] = null;
        WriteCount++;
    }

    public bool Delete(string key)
    {
        Limits.ThrowIfKeyInvalid(key);
        int index = IndexOf(key);
        if (index < 0)
        {
            return false;
        }

        _count--;
        Array.Copy(_keys, index + 1, _keys, index, _count - index);
        Array.Copy(_values, index + 1, _values, index, _count - index);
        Array.Copy(_corruption, index + 1, _corruption, index, _count - index);
        _keys[_count] = null!;
        _values[_count] = null;
        _corruption[_count] = null;
        return true;
    }

    public int CopyKeys(string prefix, string[] destination)
    {
        ArgumentNullException.ThrowIfNull(prefix, nameof(prefix));
        ArgumentNullException.ThrowIfNull(destination, nameof(destination));
        int matches = 0;
        for (int i = 0; i < _count; i++)
        {
            if (FlashKeys.HasPrefix(_keys[i], prefix))
            {
                if (matches < destination.Length)
                {
                    destination[matches] = _keys[i];
                }

                matches++;
            }
        }

        return matches;
    }

    /// <summary>
    /// Makes an existing key read as Corrupt with <paramref name="problem"/> until it is written
    /// again or deleted, as a damaged flash sector would.
    /// </summary>
    public void InjectCorruption(string key, string problem)
    {
        Limits.ThrowIfKeyInvalid(key);
        ArgumentException.ThrowIfNullOrEmpty(problem, nameof(problem));
        int index = IndexOf(key);
        if (index < 0)
        {
            throw new InvalidOperationException("Cannot corrupt flash key '" + key + "': it does not exist.");
        }

        _corruption[index] = problem;
    }

    /// <summary>Index of <paramref name="key"/> in the sorted keys, or the complement of where it would go (as Array.BinarySearch).</summary>
    private int IndexOf(string key)
    {
        int low = 0;
        int high = _count - 1;
        while (low <= high)
        {
            int middle = low + ((high - low) / 2);
            int order = Ordinal.Compare(_keys[middle], key);
            if (order == 0)
            {
                return middle;
            }

            if (order < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return ~low;
    }
}
