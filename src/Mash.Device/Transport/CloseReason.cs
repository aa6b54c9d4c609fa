namespace Mash.Device.Transport;

/// <summary>Why a connection ended; the failsafe and logs need to tell these apart.</summary>
public enum CloseReason
{
    /// <summary>We sent close and the peer acknowledged, or did not within the timeout.</summary>
    ClosedByDevice,

    /// <summary>The peer sent close and we acknowledged it.</summary>
    ClosedByPeer,

    /// <summary>The peer went away without a close: TCP reset, EOF or a TLS error.</summary>
    ConnectionLost,

    /// <summary>Three pings in a row went unanswered.</summary>
    KeepAliveTimeout,

    /// <summary>A framing error (zero length, too large, truncated) or a frame that took too long.</summary>
    ProtocolError,

    /// <summary>The peer does not read what we send and the outgoing queue filled up.</summary>
    SendQueueFull,

    /// <summary>Replaced by a newer connection, or refused by a higher layer (window closed, zone removed).</summary>
    Rejected,
}
