namespace Mash.Device.Transport;

/// <summary>
/// Platform seam: one authenticated TLS connection as the core sees it. The host implements it
/// over SslStream; tests implement it in memory. All members are called on the scheduler thread.
/// </summary>
public interface IConnectionChannel
{
    /// <summary>Peer address for logs, e.g. <c>[::ffff:127.0.0.1]:53422</c>.</summary>
    string RemoteEndPoint { get; }

    /// <summary>
    /// Queues one message; the platform adds the 4-byte length prefix. The bytes are copied before
    /// returning. False when the outgoing queue is full (a peer that does not read): the core then
    /// aborts the connection rather than buffer without bound.
    /// </summary>
    bool TrySend(System.ReadOnlySpan<byte> message);

    /// <summary>Sends what is queued, then closes TCP. The platform reports the close back.</summary>
    void Close();

    /// <summary>Closes TCP at once, dropping anything queued.</summary>
    void Abort();
}
