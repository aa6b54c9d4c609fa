using System;

namespace Mash.Protocol.Wire;

/// <summary>
/// {1 messageId, 2 operation, 3 endpointId, 4 featureId, 5 payload}. The payload may be
/// absent (<see cref="Payload"/> is null) or explicitly CBOR null (<see cref="CborValue.Null"/>);
/// both are legal and the difference survives a round trip.
/// </summary>
public sealed class Request
{
    /// <summary>Creates a request; the message id must not be 0 (0 marks notifications).</summary>
    public Request(uint messageId, Operation operation, byte endpointId, byte featureId, CborValue? payload = null)
    {
        if (messageId == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(messageId), "Message id 0 is reserved for notifications.");
        }

        if (operation is < Operation.Read or > Operation.Invoke)
        {
            throw new ArgumentOutOfRangeException(nameof(operation));
        }

        MessageId = messageId;
        Operation = operation;
        EndpointId = endpointId;
        FeatureId = featureId;
        Payload = payload;
    }

    /// <summary>Key 1: nonzero, echoed in the response.</summary>
    public uint MessageId { get; }

    /// <summary>Key 2.</summary>
    public Operation Operation { get; }

    /// <summary>Key 3.</summary>
    public byte EndpointId { get; }

    /// <summary>Key 4.</summary>
    public byte FeatureId { get; }

    /// <summary>Key 5: null when absent.</summary>
    public CborValue? Payload { get; }
}
