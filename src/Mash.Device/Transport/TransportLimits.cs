namespace Mash.Device.Transport;

/// <summary>Fixed sizes of the transport, declared in the PICS (MASH.S.TRANS, MASH.S.CONN).</summary>
public static class TransportLimits
{
    public const int MaxZones = 5;

    /// <summary>One connection per zone plus one commissioning connection.</summary>
    public const int MaxConnections = MaxZones + 1;

    public const int DefaultPort = 8443;

    public const string Alpn = "mash/1";

    /// <summary>
    /// TCP connections that may be in their TLS handshake at once. They are unauthenticated, so
    /// they have this budget of their own apart from the connection slots; when it is full the
    /// oldest is dropped to admit the next (issue 13 item 2: idle sockets must never lock a
    /// zone's controller out).
    /// </summary>
    public const int UnauthenticatedConnections = 4;

    /// <summary>Seconds a TLS handshake may take before the half-open connection is dropped.</summary>
    public const int HandshakeTimeoutSeconds = 5;

    /// <summary>
    /// Seconds one frame may take from its first byte to its last; a peer that trickles bytes to
    /// hold a slot (slow loris) is cut off after this.
    /// </summary>
    public const int FrameTimeoutSeconds = 10;

    /// <summary>
    /// Frames declaring more than this many bytes are large: only one connection at a time may
    /// receive one (the shared receive budget); the others are paused until it is done, so six
    /// connections never hold six 64 KiB partial frames at once. Requests, responses and
    /// keep-alives are far smaller.
    /// </summary>
    public const int LargeFrameBytes = 4096;

    /// <summary>Outgoing messages queued per connection before the peer counts as not reading.</summary>
    public const int SendQueueMessages = 64;

    /// <summary>
    /// Queued outgoing messages at which the core stops taking this peer's requests until the
    /// queue drains (output back-pressure): half the queue, so a request's response and the
    /// notifications it may trigger still fit, and a peer pipelining hundreds of requests is
    /// slowed down instead of dropped.
    /// </summary>
    public const int SendBacklogMessages = SendQueueMessages / 2;
}
