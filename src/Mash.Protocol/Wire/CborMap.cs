using System;
using System.Diagnostics.CodeAnalysis;
using Mash.Protocol.Portable;

namespace Mash.Protocol.Wire;

/// <summary>
/// A CBOR map with integer or text keys, kept in insertion order. Setting an existing key
/// replaces its value, which is also how a decoded duplicate key behaves (last one wins).
/// Encoding sorts keys canonically, so insertion order never reaches the wire.
/// </summary>
public sealed class CborMap
{
    private CborKey[] _keys;
    private CborValue[] _values;

    /// <summary>Creates an empty map.</summary>
    public CborMap()
        : this(4)
    {
    }

    /// <summary>Creates an empty map with room for <paramref name="capacity"/> entries.</summary>
    public CborMap(int capacity)
    {
        if (capacity < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity));
        }

        _keys = new CborKey[capacity];
        _values = new CborValue[capacity];
    }

    /// <summary>Number of entries.</summary>
    public int Count { get; private set; }

    /// <summary>The key at <paramref name="index"/> in insertion order.</summary>
    public CborKey GetKey(int index)
    {
        CheckIndex(index);
        return _keys[index];
    }

    /// <summary>The value at <paramref name="index"/> in insertion order.</summary>
    public CborValue GetValue(int index)
    {
        CheckIndex(index);
        return _values[index];
    }

    /// <summary>Adds or replaces an entry; returns this map for chaining.</summary>
    public CborMap Set(CborKey key, CborValue value)
    {
        if (value is null)
        {
            throw new ArgumentNullException(nameof(value));
        }

        int index = IndexOf(key);
        if (index >= 0)
        {
            _values[index] = value;
            return this;
        }

        if (Count == _keys.Length)
        {
            int grown = Maths.Max(4, _keys.Length * 2);
            var keys = new CborKey[grown];
            var values = new CborValue[grown];
            Array.Copy(_keys, keys, Count);
            Array.Copy(_values, values, Count);
            _keys = keys;
            _values = values;
        }

        _keys[Count] = key;
        _values[Count] = value;
        Count++;
        return this;
    }

    /// <summary>Adds or replaces an integer-keyed entry.</summary>
    public CborMap Set(long key, CborValue value) => Set(CborKey.FromInt64(key), value);

    /// <summary>Adds or replaces a text-keyed entry.</summary>
    public CborMap Set(string key, CborValue value) => Set(CborKey.FromText(key), value);

    /// <summary>Looks a key up.</summary>
    public bool TryGetValue(CborKey key, [MaybeNullWhen(false)] out CborValue value)
    {
        int index = IndexOf(key);
        value = index >= 0 ? _values[index] : null;
        return index >= 0;
    }

    /// <summary>Looks an integer key up.</summary>
    public bool TryGetValue(long key, [MaybeNullWhen(false)] out CborValue value) =>
        TryGetValue(CborKey.FromInt64(key), out value);

    /// <summary>Looks a text key up.</summary>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out CborValue value) =>
        TryGetValue(CborKey.FromText(key), out value);

    /// <summary>True when the key is present.</summary>
    public bool ContainsKey(CborKey key) => IndexOf(key) >= 0;

    /// <summary>Removes a key; returns whether it was present.</summary>
    public bool Remove(CborKey key)
    {
        int index = IndexOf(key);
        if (index < 0)
        {
            return false;
        }

        Array.Copy(_keys, index + 1, _keys, index, Count - index - 1);
        Array.Copy(_values, index + 1, _values, index, Count - index - 1);
        Count--;
        _keys[Count] = default;
        _values[Count] = null!;
        return true;
    }

    /// <summary>Removes every entry and keeps the storage, so a map can be refilled without allocating.</summary>
    public void Clear()
    {
        Array.Clear(_keys, 0, Count);
        Array.Clear(_values, 0, Count);
        Count = 0;
    }

    /// <summary>Same keys with equal values, in any order.</summary>
    public bool Equals(CborMap? other)
    {
        if (other is null || other.Count != Count)
        {
            return false;
        }

        for (int i = 0; i < Count; i++)
        {
            if (!other.TryGetValue(_keys[i], out CborValue? theirs) || !_values[i].Equals(theirs))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is CborMap other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        int hash = Count;
        for (int i = 0; i < Count; i++)
        {
            hash ^= _keys[i].GetHashCode();
        }

        return hash;
    }

    /// <summary>Diagnostic notation, e.g. {1: 2, "cause": 3}.</summary>
    public override string ToString()
    {
        var text = new TextBuilder();
        text.Append('{');
        for (int i = 0; i < Count; i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }

            text.Append(_keys[i].ToString()).Append(": ").Append(_values[i].ToString());
        }

        return text.Append('}').ToString();
    }

    private int IndexOf(CborKey key)
    {
        for (int i = 0; i < Count; i++)
        {
            if (_keys[i].Equals(key))
            {
                return i;
            }
        }

        return -1;
    }

    private void CheckIndex(int index)
    {
        if ((uint)index >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }
    }
}
