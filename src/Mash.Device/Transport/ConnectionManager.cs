using System;
using Mash.Device.Diagnostics;
using Mash.Device.Runtime;
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

    public ConnectionManager(Scheduler scheduler, IConnectionHandler handler, ILogSink log, KeepAliveSettings? keepAlive = null, int capacity = TransportLimits.MaxConnections)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentNullException.ThrowIfNull(handler);
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

    public int Count { get; private set; }

    public int Capacity => _connections.Length;

    /// <summary>Malformed messages answered with an error, for diagnostics.</summary>
    public long MalformedMessages { get; private set; }

    /// <summary>Raised after a connection closed, after the handler heard of it (failsafe hooks in here).</summary>
    public Action<DeviceConnection, CloseReason>? Closed { get; set; }

    /// <summary>
    /// A TLS connection finished its handshake. When every slot is taken, a connection with a
    /// verified zone certificate takes the slot of one without (a commissioning attempt, or an
    /// idle anonymous peer): a zone's controller must always get in. Otherwise returns null and
    /// aborts the channel.
    /// </summary>
    public DeviceConnection? Open(IConnectionChannel channel, PeerCredentials peer)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(peer);
        int slot = Array.IndexOf(_connections, null);
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

        var connection = new DeviceConnection(this, _scheduler, ++_nextId, channel, peer, _keepAlive);
        _connections[slot] = connection;
        Count++;
        _log.Info($"connection #{connection.Id} from {channel.RemoteEndPoint} ({(peer.IsAnonymous ? "no client certificate" : "client certificate " + peer.ClientSubject)}, {peer.CipherSuite})");
        Handler.OnOpened(connection);
        return connection;
    }

    /// <summary>One complete frame arrived; <paramref name="message"/> is only valid during the call.</summary>
    public void Receive(DeviceConnection connection, ReadOnlyMemory<byte> message)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection.State == ConnectionState.Closed)
        {
            return;
        }

        connection.OnTraffic();
        if (TraceFrames && _log.IsEnabled(LogLevel.Debug))
        {
            _log.Debug($"#{connection.Id} rx {Describe(message)}");
        }

        MessageKind kind = MessageClassifier.Classify(message.Span);
        if (kind == MessageKind.Control)
        {
            if (ControlCodec.TryDecode(message.Span, out ControlMessage control) && (AnswerPings || control.Type != ControlMessageType.Ping))
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
            AnswerMalformed(connection, message);
            return;
        }

        Handler.OnMessage(connection, message, kind);
    }

    /// <summary>The platform saw the connection end (EOF, reset, TLS error, framing error).</summary>
    public void ChannelClosed(DeviceConnection connection, CloseReason reason)
    {
        ArgumentNullException.ThrowIfNull(connection);
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

    internal void TraceSend(DeviceConnection connection, ReadOnlySpan<byte> message)
    {
        if (TraceFrames && _log.IsEnabled(LogLevel.Debug))
        {
            _log.Debug($"#{connection.Id} tx {Describe(message.ToArray())}");
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
        return Array.IndexOf(_connections, null);
    }

    private void Finish(DeviceConnection connection, CloseReason reason)
    {
        if (connection.State == ConnectionState.Closed)
        {
            return;
        }

        connection.StopTimers();
        int slot = Array.IndexOf(_connections, connection);
        if (slot >= 0)
        {
            _connections[slot] = null;
            Count--;
        }

        _log.Info($"connection #{connection.Id} closed: {reason}");
        Handler.OnClosed(connection, reason);
        Closed?.Invoke(connection, reason);
    }

    private void AnswerMalformed(DeviceConnection connection, ReadOnlyMemory<byte> message)
    {
        MalformedMessages++;
        uint messageId = 0;
        string problem;
        try
        {
            MessageCodec.DecodeRequest(message);
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
            _malformedLine.Write($"#{connection.Id} malformed message ({message.Length} bytes): {problem}");
        }

        connection.Send(MessageCodec.Encode(Response.Error(messageId, StatusCode.InvalidParameter, "malformed message: " + problem)));
    }

    private static string Describe(ReadOnlyMemory<byte> message)
    {
        // PASE and renewal messages carry key shares, confirmations and CSRs: print their type only.
        MessageKind kind = MessageClassifier.Classify(message.Span);
        if (kind is MessageKind.Pase or MessageKind.Renewal)
        {
            return $"{kind} message ({message.Length} bytes, content not logged)";
        }

        try
        {
            return CborValue.Decode(message).ToString();
        }
        catch (WireFormatException ex)
        {
            return $"undecodable ({message.Length} bytes): {ex.Message}";
        }
    }
}
