using System;

namespace Mash.Protocol.Wire;

/// <summary>
/// {1 messageId, 2 status, 3 payload}. The payload is always a map, even when empty: the
/// reference controller recognises a response by a map at key 3, and without it a reply like
/// {1:2, 2:0} is taken for a control message and the request times out.
/// </summary>
public sealed class Response
{
    /// <summary>Creates a response; a null payload becomes an empty map.</summary>
    public Response(uint messageId, StatusCode status, CborMap? payload = null)
    {
        MessageId = messageId;
        Status = status;
        Payload = payload ?? new CborMap(0);
    }

    /// <summary>Key 1: the request's id.</summary>
    public uint MessageId { get; }

    /// <summary>Key 2.</summary>
    public StatusCode Status { get; }

    /// <summary>Key 3.</summary>
    public CborMap Payload { get; }

    /// <summary>An error response carrying {1: message}, the shape both revisions use.</summary>
    public static Response Error(uint messageId, StatusCode status, string message)
    {
        if (message is null)
        {
            throw new ArgumentNullException(nameof(message));
        }

        return new Response(messageId, status, new CborMap(1).Set(1, CborValue.FromText(message)));
    }
}
