using System;
using Mash.Device.Runtime;
using Mash.Protocol.Wire;

namespace Mash.Device.Transport;

/// <summary>
/// One controller connection on the device: keep-alive, the close handshake and sending. Owned
/// by <see cref="ConnectionManager"/>; every member runs on the scheduler thread. Keep-alive uses
/// three re-armed timers and a fixed control buffer, so a ping/pong exchange allocates nothing.
/// </summary>
public sealed class DeviceConnection
{
    private readonly ConnectionManager _manager;
    private readonly KeepAliveSettings _keepAlive;
    private readonly byte[] _control = new byte[ControlCodec.MaxKeepAliveSize];
    private readonly TimerHandle _idleTimer;
    private readonly TimerHandle _pongTimer;
    private readonly TimerHandle _closeTimer;
    private uint _pingSequence;
    private int _missedPongs;

    internal DeviceConnection(ConnectionManager manager, Scheduler scheduler, int id, IConnectionChannel channel, PeerCredentials peer, KeepAliveSettings keepAlive)
    {
        _manager = manager;
        _keepAlive = keepAlive;
        Id = id;
        Channel = channel;
        Peer = peer;
        OpenedAt = scheduler.Clock.Monotonic;
        _idleTimer = scheduler.After(keepAlive.PingInterval, SendPing);
        _pongTimer = scheduler.After(keepAlive.PongTimeout, OnPongTimeout);
        _pongTimer.Cancel();
        _closeTimer = scheduler.After(keepAlive.CloseAckTimeout, OnCloseAckTimeout);
        _closeTimer.Cancel();
    }

    /// <summary>Connection number for logs, unique for the life of the firmware.</summary>
    public int Id { get; }

    public IConnectionChannel Channel { get; }

    public PeerCredentials Peer { get; }

    public ConnectionState State { get; private set; } = ConnectionState.Open;

    public TimeSpan OpenedAt { get; }

    /// <summary>Pings sent without an answer since the last received frame.</summary>
    public int MissedPongs => _missedPongs;

    /// <summary>The upper layer's per-connection state (PASE session, zone session).</summary>
    public object? Session { get; set; }

    /// <summary>Sends one CBOR message. Returns false (and aborts) if the peer stopped reading.</summary>
    public bool Send(ReadOnlySpan<byte> message)
    {
        if (State == ConnectionState.Closed)
        {
            return false;
        }

        _manager.TraceSend(this, message);
        if (Channel.TrySend(message))
        {
            return true;
        }

        _manager.Drop(this, CloseReason.SendQueueFull, abort: true);
        return false;
    }

    /// <summary>
    /// Graceful close (transport.md 10.2): send close, wait up to 5 s for the acknowledgement,
    /// then close TCP.
    /// </summary>
    public void CloseGracefully(CloseReason reason = CloseReason.ClosedByDevice)
    {
        if (State != ConnectionState.Open)
        {
            return;
        }

        State = ConnectionState.Closing;
        _pendingCloseReason = reason;
        _idleTimer.Cancel();
        _pongTimer.Cancel();
        int n = ControlCodec.WriteClose(_control);
        Channel.TrySend(_control.AsSpan(0, n));
        _closeTimer.Restart(_keepAlive.CloseAckTimeout);
    }

    /// <summary>Closes without the close handshake (after a protocol violation).</summary>
    public void Abort(CloseReason reason) => _manager.Drop(this, reason, abort: true);

    private CloseReason _pendingCloseReason = CloseReason.ClosedByDevice;

    internal void OnTraffic()
    {
        _missedPongs = 0;
        if (State == ConnectionState.Open)
        {
            _pongTimer.Cancel();
            _idleTimer.Restart(_keepAlive.PingInterval);
        }
    }

    internal void OnControl(in ControlMessage message)
    {
        switch (message.Type)
        {
            case ControlMessageType.Ping when State == ConnectionState.Open:
                // Answer at once, in the form the peer used.
                int n = ControlCodec.Write(_control, ControlCodec.PongFor(message));
                Channel.TrySend(_control.AsSpan(0, n));
                break;
            case ControlMessageType.Close when State == ConnectionState.Open:
                int m = ControlCodec.Write(_control, ControlCodec.CloseAcknowledgementFor(message));
                Channel.TrySend(_control.AsSpan(0, m));
                _manager.Drop(this, CloseReason.ClosedByPeer, abort: false);
                break;
            case ControlMessageType.Close or ControlMessageType.CloseAck when State == ConnectionState.Closing:
                // The peer acknowledged our close (the reference answers close with close).
                _manager.Drop(this, _pendingCloseReason, abort: false);
                break;
            default:
                // A pong is just traffic; a close_ack we did not ask for is ignored.
                break;
        }
    }

    internal void StopTimers()
    {
        State = ConnectionState.Closed;
        _idleTimer.Cancel();
        _pongTimer.Cancel();
        _closeTimer.Cancel();
    }

    private void SendPing()
    {
        if (State != ConnectionState.Open)
        {
            return;
        }

        _pingSequence = _pingSequence == uint.MaxValue ? 1 : _pingSequence + 1;
        int n = ControlCodec.WritePing(_control, _pingSequence);
        Channel.TrySend(_control.AsSpan(0, n));
        // The next ping is due one interval after this one, whether or not the pong comes.
        _idleTimer.Restart(_keepAlive.PingInterval);
        _pongTimer.Restart(_keepAlive.PongTimeout);
    }

    private void OnPongTimeout()
    {
        _missedPongs++;
        if (_missedPongs >= _keepAlive.MaxMissedPongs)
        {
            _manager.Drop(this, CloseReason.KeepAliveTimeout, abort: true);
        }
    }

    private void OnCloseAckTimeout() => _manager.Drop(this, _pendingCloseReason, abort: false);
}
