namespace Mash.Controller.Transport;

/// <summary>How a connection ended. Everything after <see cref="ClosedByPeer"/> is a loss.</summary>
public enum ConnectionEndKind
{
    /// <summary>We closed it (<see cref="MashConnection.CloseAsync"/> or dispose).</summary>
    ClosedByUs = 0,

    /// <summary>The peer sent a close message and we acknowledged it.</summary>
    ClosedByPeer = 1,

    /// <summary>The TCP or TLS layer failed (reset, write error).</summary>
    Reset = 2,

    /// <summary>The peer ended the stream between frames without a close message.</summary>
    EndOfStream = 3,

    /// <summary>Too many pongs went missing.</summary>
    KeepAliveTimeout = 4,

    /// <summary>The peer broke the framing: zero length, oversized length, or a stream ending inside a frame.</summary>
    ProtocolError = 5,
}
