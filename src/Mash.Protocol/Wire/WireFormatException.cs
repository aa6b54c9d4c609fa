using System;

namespace Mash.Protocol.Wire;

/// <summary>
/// A frame is not valid CBOR, breaks a decode limit, or does not have the shape its message
/// kind requires. When the message id could be read, <see cref="MessageId"/> carries it so that
/// the device can still answer the request with an error status.
/// </summary>
public sealed class WireFormatException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public WireFormatException()
        : base("Malformed MASH message.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public WireFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying parser error.</summary>
    public WireFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a message whose id is known.</summary>
    public WireFormatException(string message, uint messageId)
        : base(message)
    {
        MessageId = messageId;
    }

    /// <summary>The message id of the offending request, or 0 when it could not be read.</summary>
    public uint MessageId { get; }
}
