using System;

namespace Mash.Protocol.Wire;

/// <summary>
/// Bounds applied while decoding untrusted CBOR, so a hostile frame cannot recurse deeply or
/// make the decoder build a huge object graph from a 64 KiB frame.
/// </summary>
public sealed class CborDecodeLimits
{
    /// <summary>Depth 16 (the spec's recommended recursion limit), 1024 entries per container, 8192 items per frame.</summary>
    public static CborDecodeLimits Default { get; } = new CborDecodeLimits(16, 1024, 8192);

    /// <summary>Creates limits; every bound must be positive.</summary>
    public CborDecodeLimits(int maxDepth, int maxContainerItems, int maxTotalItems)
    {
        if (maxDepth < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxDepth));
        }

        if (maxContainerItems < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxContainerItems));
        }

        if (maxTotalItems < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxTotalItems));
        }
        MaxDepth = maxDepth;
        MaxContainerItems = maxContainerItems;
        MaxTotalItems = maxTotalItems;
    }

    /// <summary>Most nested arrays, maps and tags; the top-level item's children are at depth 1.</summary>
    public int MaxDepth { get; }

    /// <summary>Most elements in one array, or entries in one map.</summary>
    public int MaxContainerItems { get; }

    /// <summary>Most data items (headers) in one frame.</summary>
    public int MaxTotalItems { get; }
}
