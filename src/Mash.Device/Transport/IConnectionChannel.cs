namespace Mash.Device.Transport;

/// <summary>
/// Platform seam: one authenticated TLS connection as the core sees it, a byte pipe. The platform
/// hands received bytes to <see cref="DeviceConnection.OnReceived"/> (any split, on the scheduler
/// thread) and sends what the core gives it; framing, frame deadlines, keep-alive and the receive
/// budget are the core's. The host implements it over SslStream; tests implement it in memory.
/// All members are called on the scheduler thread.
/// </summary>
public interface IConnectionChannel
{
    /// <summary>Peer address for logs, e.g. <c>[::ffff:127.0.0.1]:53422</c>.</summary>
    string RemoteEndPoint { get; }

    /// <summary>
    /// Queues bytes for the peer: one whole frame, length prefix included. The bytes are copied
    /// before returning. False when the outgoing queue is full (a peer that does not read): the
    /// core then aborts the connection rather than buffer without bound.
    /// </summary>
    bool TrySend(byte[] buffer, int offset, int count);

    /// <summary>
    /// True while the outgoing queue holds <see cref="TransportLimits.SendBacklogMessages"/> or more
    /// messages (the peer reads slower than it asks). The core then takes no more requests from
    /// this peer and pauses receiving; once the platform has read this as true, it must call
    /// <see cref="DeviceConnection.OnSendDrained"/> (on the scheduler thread) when the queue has
    /// drained. This is what keeps a burst of pipelined requests from overflowing the queue.
    /// </summary>
    bool SendBacklogged { get; }

    /// <summary>
    /// Stop reading from the peer until <see cref="ResumeReceiving"/> (the shared receive budget is
    /// taken, or the peer's responses are backlogged). Bytes already read may still be delivered; nothing is dropped.
    /// </summary>
    void PauseReceiving();

    /// <summary>Read from the peer again after <see cref="PauseReceiving"/>.</summary>
    void ResumeReceiving();

    /// <summary>Sends what is queued, then closes TCP. The platform reports the close back.</summary>
    void Close();

    /// <summary>Closes TCP at once, dropping anything queued.</summary>
    void Abort();
}
