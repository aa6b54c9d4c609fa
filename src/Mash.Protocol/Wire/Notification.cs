using System;

namespace Mash.Protocol.Wire;

/// <summary>{1: 0, 2 subscriptionId, 3 endpointId, 4 featureId, 5 {attributeId: value}}.</summary>
public sealed class Notification
{
    /// <summary>Creates a notification; attribute ids should be non-negative integer keys.</summary>
    public Notification(uint subscriptionId, byte endpointId, byte featureId, CborMap changes)
    {
        if (changes is null)
        {
            throw new ArgumentNullException(nameof(changes));
        }

        SubscriptionId = subscriptionId;
        EndpointId = endpointId;
        FeatureId = featureId;
        Changes = changes;
    }

    /// <summary>Key 2, sent unsigned because the reference controller type-asserts uint64.</summary>
    public uint SubscriptionId { get; }

    /// <summary>Key 3.</summary>
    public byte EndpointId { get; }

    /// <summary>Key 4.</summary>
    public byte FeatureId { get; }

    /// <summary>Key 5: the changed (or, for a heartbeat, all subscribed) attributes.</summary>
    public CborMap Changes { get; }
}
