using System;
using Mash.Device.Diagnostics;
using Mash.Device.Runtime;
using Mash.Protocol.Portable;
using Mash.Protocol.Wire;

namespace Mash.Device.Transport;

/// <summary>
/// All controller connections of the device, on the scheduler thread: opens them, routes each
/// received message (control messages handled here, the rest to the <see cref="IConnectionHandler"/>),
/// answers malformed CBOR with an error response while keeping the connection (transport.md 10.1),
/// and reports every close exactly once with its reason.
/// </summary>
public sealed class ConnectionManager
{
    private readonly Scheduler _scheduler;
    private readonly KeepAliveSettings _keepAlive;
    private readonly Logger _log;
    private readonly RepeatedLogLine _malformedLine;
    private readonly DeviceConnection?[] _connections;
    private int _nextId;
    private DeviceConnection? _largeFrameOwner;
    private long _nextWaitTicket;

    public ConnectionManager(Scheduler scheduler, IConnectionHandler handler, ILogSink log, KeepAliveSettings? keepAlive = null, int capacity = TransportLimits.MaxConnections)
    {
        ArgumentNullException.ThrowIfNull(scheduler, nameof(scheduler));
        ArgumentNullException.ThrowIfNull(handler, nameof(handler));
        _scheduler = scheduler;
        Handler = handler;
        _keepAlive = keepAlive ?? KeepAliveSettings.Default;
        _log = new Logger(log, "transport");
        _malformedLine = new RepeatedLogLine(_log, LogLevel.Warn, scheduler);
        _connections = new DeviceConnection?[capacity];
    }

    /// <summary>The layer above; replaceable so commissioning and the interaction model can be composed.</summary>
    public IConnectionHandler Handler { get; set; }

    /// <summary>
    /// False only in the lab's deliberately broken mode (<c>mash-load --break ping</c>), which
    /// proves a conformance runner notices a device that stops answering pings.
    /// </summary>
    public bool AnswerPings { get; set; } = true;

    /// <summary>Log every frame, decoded, at Debug level.</summary>
    public bool TraceFrames { get; set; }

    /// <summary>Lab-only broken mode (<c>--break zero-length-frame</c>): keep connections that send a zero length.</summary>
    public bool IgnoreZeroLengthFrames { get; set; }

    /// <summary>
    /// How long one frame may take from its first byte to its last (message-framing.md 2.2); a
    /// peer that trickles bytes to hold a slot (slow loris) is cut off after this.
    /// </summary>
    public TimeSpan FrameTimeout { get; set; } = TimeSpan.FromSeconds(TransportLimits.FrameTimeoutSeconds);

    /// <summary>The connection receiving a large frame (the shared receive budget), or null.</summary>
    public DeviceConnection? LargeFrameOwner => _largeFrameOwner;

    /// <summary>Connections paused until the receive budget is free, for diagnostics.</summary>
    public int WaitingForLargeFrame
    {
        get
        {
            int waiting = 0;
            foreach (DeviceConnection? c in _connections)
            {
                if (c is not null && c.WaitTicket != 0)
                {
                    waiting++;
                }
            }

            return waiting;
        }
    }

    public int Count { get; private set; }

    public int Capacity => _connections.Length;

    /// <summary>Malformed messages answered with an error, for diagnostics.</summary>
    public long MalformedMessages { get; private set; }

    /// <summary>Raised after a connection closed, after the handler heard of it (failsafe hooks in here).</summary>
    public ConnectionClosedHandler? Closed { get; set; }

    /// <summary>
    /// A TLS connection finished its handshake. When every slot is taken, a connection with a
    /// verified zone certificate takes the slot of one without (a commissioning attempt, or an
    /// idle anonymous peer): a zone's controller must always get in. Otherwise returns null and
    /// aborts the channel.
    /// </summary>
    public DeviceConnection? Open(IConnectionChannel channel, PeerCredentials peer) => Open(channel, peer, null, TransportLimits.Alpn);

    /// <summary>
    /// A TLS connection finished its handshake, with the server name the peer asked for (SNI, null
    /// when none) and the ALPN protocol agreed on (null when none). A connection without ALPN
    /// <c>mash/1</c> is refused (transport.md 3). Otherwise as <see cref="Open(IConnectionChannel, PeerCredentials)"/>.
    /// </summary>
    public DeviceConnection? Open(IConnectionChannel channel, PeerCredentials peer, string? serverName, string? applicationProtocol)
    {
        ArgumentNullException.ThrowIfNull(channel, nameof(channel));
        ArgumentNullException.ThrowIfNull(peer, nameof(peer));
        if (applicationProtocol != TransportLimits.Alpn)
        {
            _log.Info($"refusing {channel.RemoteEndPoint}: ALPN {(applicationProtocol is null ? "none" : applicationProtocol)}, not {TransportLimits.Alpn}");
            channel.Abort();
            return null;
        }

        int slot = FreeSlot();
        if (slot < 0 && !peer.IsAnonymous)
        {
            slot = EvictAnonymousFor(channel);
        }

        if (slot < 0)
        {
            _log.Warn($"refusing {channel.RemoteEndPoint}: all {_connections.Length} connection slots in use");
            channel.Abort();
            return null;
        }

        var connection = new DeviceConnection(this, _scheduler, ++_nextId, channel, peer, serverName, applicationProtocol, _keepAlive);
        _connections[slot] = connection;
        Count++;
        _log.Info($"connection #{connection.Id} from {channel.RemoteEndPoint} ({(peer.IsAnonymous ? "no client certificate" : "client certificate " + peer.ClientSubject)}, {peer.CipherSuite})");
        Handler.OnOpened(connection);
        return connection;
    }

    /// <summary>One complete message (a frame's payload) arrived, outside the byte stream (tests, tools).</summary>
    public void Receive(DeviceConnection connection, byte[] message)
    {
        ArgumentNullException.ThrowIfNull(message, nameof(message));
        Receive(connection, message, 0, message.Length);
    }

    /// <summary>
    /// One complete message (a frame's payload): <paramref name="count"/> bytes of
    /// <paramref name="buffer"/> from <paramref name="offset"/>, only valid during the call.
    /// </summary>
    public void Receive(DeviceConnection connection, byte[] buffer, int offset, int count)
    {
        ArgumentNullException.ThrowIfNull(connection, nameof(connection));
        if (connection.State == ConnectionState.Closed)
        {
            return;
        }

        connection.OnTraffic();
        if (TraceFrames && _log.IsEnabled(LogLevel.Debug))
        {
            _log.Debug($"#{connection.Id} rx {Describe(buffer, offset, count)}");
        }

        MessageKind kind = MessageClassifier.Classify(buffer, offset, count);
        if (kind == MessageKind.Control)
        {
            if (ControlCodec.TryDecode(buffer, offset, count, out ControlMessage control) && (AnswerPings || control.Type != ControlMessageType.Ping))
            {
                connection.OnControl(control);
            }

            return;
        }

        if (connection.State != ConnectionState.Open)
        {
            return; // closing: only the acknowledgement matters now
        }

        if (kind == MessageKind.Malformed)
        {
            AnswerMalformed(connection, buffer, offset, count);
            return;
        }

        Handler.OnMessage(connection, buffer, offset, count, kind);
    }

    /// <summary>The platform saw the connection end (EOF, reset, TLS error, framing error).</summary>
    public void ChannelClosed(DeviceConnection connection, CloseReason reason)
    {
        ArgumentNullException.ThrowIfNull(connection, nameof(connection));
        Finish(connection, reason);
    }

    /// <summary>Starts a graceful close of every connection (shutdown).</summary>
    public void CloseAll()
    {
        foreach (DeviceConnection? c in _connections)
        {
            c?.CloseGracefully();
        }
    }

    /// <summary>A zero length or a length over 64 KiB: the stream cannot be resynchronised, so the connection ends.</summary>
    internal void FramingError(DeviceConnection connection, FrameError error, long declaredLength)
    {
        _log.Warn($"#{connection.Id} {connection.Channel.RemoteEndPoint}: framing error {FrameErrorName(error)} (declared length {declaredLength}), closing");
        Drop(connection, CloseReason.ProtocolError, true);
    }

    internal void StreamEndedInsideFrame(DeviceConnection connection)
    {
        _log.Warn($"#{connection.Id} {connection.Channel.RemoteEndPoint}: stream ended inside a frame");
        Finish(connection, CloseReason.ProtocolError);
    }

    internal void FrameTimedOut(DeviceConnection connection)
    {
        _log.Warn($"#{connection.Id} {connection.Channel.RemoteEndPoint}: frame not complete within {FrameTimeout.TotalSeconds} s, closing");
        Drop(connection, CloseReason.ProtocolError, true);
    }

    /// <summary>Takes the receive budget for a large frame if no other connection holds it.</summary>
    internal bool TryReserveLargeFrame(DeviceConnection connection)
    {
        if (_largeFrameOwner is not null && _largeFrameOwner != connection)
        {
            return false;
        }

        _largeFrameOwner = connection;
        return true;
    }

    internal void WaitForLargeFrame(DeviceConnection connection) => connection.WaitTicket = ++_nextWaitTicket;

    /// <summary>The large frame is complete (or its connection gone): the longest waiting connection gets the budget.</summary>
    internal void ReleaseLargeFrame(DeviceConnection connection)
    {
        if (_largeFrameOwner != connection)
        {
            return;
        }

        _largeFrameOwner = null;
        DeviceConnection? next = null;
        foreach (DeviceConnection? c in _connections)
        {
            if (c is not null && c.WaitTicket != 0 && c.State != ConnectionState.Closed && (next is null || c.WaitTicket < next.WaitTicket))
            {
                next = c;
            }
        }

        if (next is not null)
        {
            next.WaitTicket = 0;
            _largeFrameOwner = next;
            next.GrantLargeFrame();
        }
    }

    internal void Drop(DeviceConnection connection, CloseReason reason, bool abort)
    {
        if (connection.State == ConnectionState.Closed)
        {
            return;
        }

        if (abort)
        {
            connection.Channel.Abort();
        }
        else
        {
            connection.Channel.Close();
        }

        Finish(connection, reason);
    }

    internal void TraceSend(DeviceConnection connection, byte[] buffer, int offset, int count)
    {
        if (TraceFrames && _log.IsEnabled(LogLevel.Debug))
        {
            _log.Debug($"#{connection.Id} tx {Describe(buffer, offset, count)}");
        }
    }

    /// <summary>
    /// Drops the connection without a client certificate that matters least (one already closing,
    /// else the oldest) and returns its freed slot, or -1 when every slot holds a zone.
    /// </summary>
    private int EvictAnonymousFor(IConnectionChannel channel)
    {
        DeviceConnection? victim = null;
        foreach (DeviceConnection? c in _connections)
        {
            if (c is null || !c.Peer.IsAnonymous)
            {
                continue;
            }

            bool closing = c.State != ConnectionState.Open;
            bool victimClosing = victim is not null && victim.State != ConnectionState.Open;
            if (victim is null || (closing && !victimClosing) || (closing == victimClosing && c.Id < victim.Id))
            {
                victim = c;
            }
        }

        if (victim is null)
        {
            return -1;
        }

        _log.Warn($"all {_connections.Length} connection slots in use: dropping #{victim.Id} (no client certificate) for {channel.RemoteEndPoint}, which has a zone certificate");
        Drop(victim, CloseReason.Rejected, abort: true);
        return FreeSlot();
    }

    private int FreeSlot()
    {
        for (int i = 0; i < _connections.Length; i++)
        {
            if (_connections[i] is null)
            {
                return i;
            }
        }

        return -1;
    }

    private void Finish(DeviceConnection connection, CloseReason reason)
    {
        if (connection.State == ConnectionState.Closed)
        {
            return;
        }

        connection.StopTimers();
        connection.WaitTicket = 0;
        for (int i = 0; i < _connections.Length; i++)
        {
            if (_connections[i] == connection)
            {
                _connections[i] = null;
                Count--;
            }
        }

        ReleaseLargeFrame(connection);

        _log.Info($"connection #{connection.Id} closed: {reason}");
        Handler.OnClosed(connection, reason);
        Closed?.Invoke(connection, reason);
    }

    private void AnswerMalformed(DeviceConnection connection, byte[] buffer, int offset, int count)
    {
        MalformedMessages++;
        uint messageId = 0;
        string problem;
        try
        {
            MessageCodec.DecodeRequest(buffer, offset, count);
            problem = "not a MASH message";
        }
        catch (WireFormatException ex)
        {
            messageId = ex.MessageId;
            problem = ex.Message;
        }

        if (_malformedLine.ShouldWrite())
        {
            // A peer can send these at line rate: one line per burst, with the count (RepeatedLogLine).
            _malformedLine.Write($"#{connection.Id} malformed message ({count} bytes): {problem}");
        }

        connection.Send(MessageCodec.Encode(Response.Error(messageId, StatusCode.InvalidParameter, "malformed message: " + problem)));
    }

    private static string FrameErrorName(FrameError error)
    {
        switch (error)
        {
            case FrameError.ZeroLength:
                return "ZeroLength";
            case FrameError.TooLarge:
                return "TooLarge";
            case FrameError.Truncated:
                return "Truncated";
            default:
                return "None";
        }
    }

    private static string Describe(byte[] buffer, int offset, int count)
    {
        // PASE and renewal messages carry key shares, confirmations and CSRs: print their type only.
        MessageKind kind = MessageClassifier.Classify(buffer, offset, count);
        if (kind is MessageKind.Pase or MessageKind.Renewal)
        {
            return $"{kind} message ({count} bytes, content not logged)";
        }

        try
        {
            return CborValue.Decode(buffer, offset, count).ToString();
        }
        catch (WireFormatException ex)
        {
            return $"undecodable ({count} bytes): {ex.Message}";
        }
    }
}
