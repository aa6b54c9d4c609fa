using System;
using Mash.Device.Runtime;
using Mash.Protocol.Portable;
using Mash.Protocol.Wire;

namespace Mash.Device.Transport;

/// <summary>
/// One controller connection on the device: framing of the received byte stream, the frame
/// deadline, the share of the receive budget, keep-alive, the close handshake and sending. Owned
/// by <see cref="ConnectionManager"/>; every member runs on the scheduler thread. Keep-alive uses
/// re-armed timers and a fixed control buffer, so a ping/pong exchange allocates nothing.
/// </summary>
public sealed class DeviceConnection
{
    private const int HeaderSize = FrameFormat.HeaderSize;

    /// <summary>Outgoing frames up to this size reuse one buffer; larger ones get their own.</summary>
    private const int RetainedSendBuffer = 4096;

    private readonly ConnectionManager _manager;
    private readonly KeepAliveSettings _keepAlive;
    private readonly byte[] _control = new byte[ControlCodec.MaxKeepAliveSize];
    private readonly byte[] _controlFrame = new byte[HeaderSize + ControlCodec.MaxKeepAliveSize];
    private readonly FrameReader _reader = new FrameReader();
    private readonly TimerHandle _idleTimer;
    private readonly TimerHandle _pongTimer;
    private readonly TimerHandle _closeTimer;
    private readonly TimerHandle _frameTimer;
    private byte[] _sendFrame = new byte[256];
    private uint _pingSequence;
    private int _missedPongs;
    private bool _frameTimerArmed;
    private bool _waitingForBudget;
    private bool _outputBlocked;
    private bool _endPending;

    // Received bytes not yet framed because the peer's responses are backlogged (at most about one
    // platform read); framed once the channel reports the queue drained.
    private byte[]? _held;
    private int _heldOffset;
    private int _heldCount;
    private CloseReason _pendingCloseReason = CloseReason.ClosedByDevice;

    internal DeviceConnection(ConnectionManager manager, Scheduler scheduler, int id, IConnectionChannel channel, PeerCredentials peer, string? serverName, string? applicationProtocol, KeepAliveSettings keepAlive)
    {
        _manager = manager;
        _keepAlive = keepAlive;
        Id = id;
        Channel = channel;
        Peer = peer;
        ServerName = serverName;
        ApplicationProtocol = applicationProtocol;
        OpenedAt = scheduler.Clock.Monotonic;
        _idleTimer = scheduler.After(keepAlive.PingInterval, SendPing);
        _pongTimer = scheduler.After(keepAlive.PongTimeout, OnPongTimeout);
        _pongTimer.Cancel();
        _closeTimer = scheduler.After(keepAlive.CloseAckTimeout, OnCloseAckTimeout);
        _closeTimer.Cancel();
        _frameTimer = scheduler.After(manager.FrameTimeout, OnFrameTimeout);
        _frameTimer.Cancel();
    }

    /// <summary>Connection number for logs, unique for the life of the firmware.</summary>
    public int Id { get; }

    public IConnectionChannel Channel { get; }

    public PeerCredentials Peer { get; }

    /// <summary>The server name (SNI) the peer asked for in its TLS hello, or null when it sent none.</summary>
    public string? ServerName { get; }

    /// <summary>The ALPN protocol the TLS handshake agreed on (always <see cref="TransportLimits.Alpn"/> once open).</summary>
    public string? ApplicationProtocol { get; }

    public ConnectionState State { get; private set; } = ConnectionState.Open;

    public TimeSpan OpenedAt { get; }

    /// <summary>Pings sent without an answer since the last received frame.</summary>
    public int MissedPongs => _missedPongs;

    /// <summary>
    /// True while the core has asked the channel to stop reading: waiting for the receive budget,
    /// or the peer's responses are backlogged (<see cref="OutputBlocked"/>).
    /// </summary>
    public bool ReceivePaused { get; private set; }

    /// <summary>True while the core takes no requests from this peer because its outgoing queue is backlogged.</summary>
    public bool OutputBlocked => _outputBlocked;

    /// <summary>True while this connection receives a large frame (it holds the shared receive budget).</summary>
    public bool HoldsLargeFrame { get; private set; }

    /// <summary>The upper layer's per-connection state (PASE session, zone session).</summary>
    public ConnectionSession? Session { get; set; }

    /// <summary>Order of waiting for the receive budget (0: not waiting); the manager serves the lowest first.</summary>
    internal long WaitTicket { get; set; }

    /// <summary>
    /// Bytes from the peer, in any split (the platform's reads): cut into frames, control messages
    /// answered, the rest handed on. The bytes are consumed (copied) before returning. A framing
    /// error (zero length, over 64 KiB) aborts the connection.
    /// </summary>
    public void OnReceived(byte[] buffer, int offset, int count)
    {
        ArgumentNullException.ThrowIfNull(buffer, nameof(buffer));
        if (offset < 0 || count < 0 || count > buffer.Length - offset)
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }

        if (_outputBlocked)
        {
            Hold(buffer, offset, count); // delivered after the pause (bytes the platform had already read)
            return;
        }

        Consume(buffer, offset, count);
    }

    /// <summary>
    /// The outgoing queue has drained after <see cref="IConnectionChannel.SendBacklogged"/> was
    /// true: the held bytes are framed and handled, and reading resumes (unless the queue backs up
    /// again). The platform calls this on the scheduler thread.
    /// </summary>
    public void OnSendDrained()
    {
        if (!_outputBlocked || State == ConnectionState.Closed)
        {
            return;
        }

        _outputBlocked = false;
        if (_held != null && _heldCount > 0)
        {
            Consume(_held, _heldOffset, _heldCount); // if it blocks again, Hold keeps the rest in place
        }

        if (_outputBlocked || State == ConnectionState.Closed)
        {
            return;
        }

        _held = null;
        _heldCount = 0;

        UpdateReceivePause();
        if (_endPending)
        {
            _endPending = false;
            OnEndOfStream();
        }
    }

    private void Consume(byte[] buffer, int offset, int count)
    {
        bool frameCompleted = false;
        while (count > 0 && State != ConnectionState.Closed)
        {
            int used = _reader.Push(buffer, offset, count);
            offset += used;
            count -= used;
            if (_reader.Error == FrameError.ZeroLength && _manager.IgnoreZeroLengthFrames)
            {
                _reader.Reset(); // the lab's broken mode: swallow what a conforming device must refuse
                continue;
            }

            if (_reader.Error != FrameError.None)
            {
                _manager.FramingError(this, _reader.Error, _reader.DeclaredLength);
                return;
            }

            if (_reader.HasFrame)
            {
                TakeFrame();
                frameCompleted = true;
                if (State != ConnectionState.Closed && Channel.SendBacklogged)
                {
                    // The peer asks faster than it reads: take no more of its requests (the rest
                    // of this read is kept) until the queue drains, rather than overflow it and
                    // drop the peer.
                    _outputBlocked = true;
                    Hold(buffer, offset, count);
                    UpdateReceivePause();
                    break;
                }
            }
            else if (_reader.DeclaredLength > TransportLimits.LargeFrameBytes && !HoldsLargeFrame && WaitTicket == 0)
            {
                if (_manager.TryReserveLargeFrame(this))
                {
                    HoldsLargeFrame = true;
                }
                else
                {
                    // The budget is taken: stop reading; what this read brought is kept.
                    _manager.WaitForLargeFrame(this);
                    _waitingForBudget = true;
                    UpdateReceivePause();
                }
            }
        }

        UpdateFrameDeadline(frameCompleted);
    }

    /// <summary>The peer closed its side (TCP EOF): the platform reports this once, on the scheduler thread.</summary>
    public void OnEndOfStream()
    {
        if (State == ConnectionState.Closed)
        {
            return;
        }

        if (_outputBlocked)
        {
            _endPending = true; // the held requests are handled first
            return;
        }

        if (_reader.EndOfStream() == FrameError.Truncated)
        {
            _manager.StreamEndedInsideFrame(this);
            return;
        }

        _manager.ChannelClosed(this, CloseReason.ConnectionLost);
    }

    /// <summary>Sends one CBOR message. Returns false (and aborts) if the peer stopped reading.</summary>
    public bool Send(byte[] message)
    {
        ArgumentNullException.ThrowIfNull(message, nameof(message));
        return Send(message, 0, message.Length);
    }

    /// <summary>Sends one CBOR message of <paramref name="count"/> bytes from <paramref name="offset"/>; the core adds the frame header.</summary>
    public bool Send(byte[] message, int offset, int count)
    {
        ArgumentNullException.ThrowIfNull(message, nameof(message));
        if (State == ConnectionState.Closed)
        {
            return false;
        }

        byte[] frame = FrameBuffer(count);
        Array.Copy(message, offset, frame, HeaderSize, count);
        return SendFrame(frame, count);
    }

    /// <summary>
    /// Graceful close (transport.md 10.2): send close, wait up to 5 s for the acknowledgement,
    /// then close TCP.
    /// </summary>
    public void CloseGracefully() => CloseGracefully(CloseReason.ClosedByDevice);

    /// <inheritdoc cref="CloseGracefully()"/>
    public void CloseGracefully(CloseReason reason)
    {
        if (State != ConnectionState.Open)
        {
            return;
        }

        State = ConnectionState.Closing;
        _pendingCloseReason = reason;
        _idleTimer.Cancel();
        _pongTimer.Cancel();
        SendControl(ControlCodec.WriteClose(_control));
        _closeTimer.Restart(_keepAlive.CloseAckTimeout);
    }

    /// <summary>Closes without the close handshake (after a protocol violation).</summary>
    public void Abort(CloseReason reason) => _manager.Drop(this, reason, true);

    internal void OnTraffic()
    {
        _missedPongs = 0;
        if (State == ConnectionState.Open)
        {
            _pongTimer.Cancel();
            _idleTimer.Restart(_keepAlive.PingInterval);
        }
    }

    internal void OnControl(ControlMessage message)
    {
        if (message.Type == ControlMessageType.Ping && State == ConnectionState.Open)
        {
            // Answer at once, in the form the peer used.
            SendControl(ControlCodec.Write(_control, ControlCodec.PongFor(message)));
        }
        else if (message.Type == ControlMessageType.Close && State == ConnectionState.Open)
        {
            SendControl(ControlCodec.Write(_control, ControlCodec.CloseAcknowledgementFor(message)));
            _manager.Drop(this, CloseReason.ClosedByPeer, false);
        }
        else if ((message.Type == ControlMessageType.Close || message.Type == ControlMessageType.CloseAck) && State == ConnectionState.Closing)
        {
            // The peer acknowledged our close (the reference answers close with close).
            _manager.Drop(this, _pendingCloseReason, false);
        }

        // A pong is just traffic; a close_ack we did not ask for is ignored.
    }

    /// <summary>The receive budget is ours now: read again, and the frame gets a whole deadline from now.</summary>
    internal void GrantLargeFrame()
    {
        HoldsLargeFrame = true;
        _waitingForBudget = false;
        UpdateReceivePause();
        if (State != ConnectionState.Closed && _reader.InsideFrame)
        {
            _frameTimer.Restart(_manager.FrameTimeout);
            _frameTimerArmed = true;
        }
    }

    internal void StopTimers()
    {
        State = ConnectionState.Closed;
        _idleTimer.Cancel();
        _pongTimer.Cancel();
        _closeTimer.Cancel();
        _frameTimer.Cancel();
        _frameTimerArmed = false;
    }

    private void TakeFrame()
    {
        _reader.TryTakeFrame(out byte[] frame, out int length);

        // The budget is free again before the frame is handled (the handler may close us).
        if (HoldsLargeFrame)
        {
            HoldsLargeFrame = false;
            _manager.ReleaseLargeFrame(this);
        }
        else if (WaitTicket != 0)
        {
            // It completed from bytes already read while we waited: no need to wait any more.
            WaitTicket = 0;
            _waitingForBudget = false;
            UpdateReceivePause();
        }

        _manager.Receive(this, frame, 0, length);
    }

    /// <summary>
    /// The frame deadline (message-framing.md 2.2) runs only from a frame's first byte to its
    /// last, and not while the core itself holds the connection paused; between frames a
    /// connection may be silent as long as keep-alive allows.
    /// </summary>
    private void UpdateFrameDeadline(bool frameCompleted)
    {
        if (State == ConnectionState.Closed)
        {
            return;
        }

        if (!_reader.InsideFrame || ReceivePaused)
        {
            if (_frameTimerArmed)
            {
                _frameTimer.Cancel();
                _frameTimerArmed = false;
            }
        }
        else if (!_frameTimerArmed || frameCompleted)
        {
            _frameTimer.Restart(_manager.FrameTimeout); // a new frame began in this read
            _frameTimerArmed = true;
        }
    }

    /// <summary>Pauses or resumes the channel when the reasons to stop reading change.</summary>
    private void UpdateReceivePause()
    {
        bool pause = _waitingForBudget || _outputBlocked;
        if (pause == ReceivePaused)
        {
            return;
        }

        ReceivePaused = pause;
        if (pause)
        {
            Channel.PauseReceiving();
        }
        else
        {
            Channel.ResumeReceiving();
        }
    }

    /// <summary>Keeps received bytes for after the drain; appended to what is already held.</summary>
    private void Hold(byte[] buffer, int offset, int count)
    {
        if (ReferenceEquals(buffer, _held))
        {
            // Blocked again while framing the held bytes: what is left of them stays where it is.
            _heldOffset = offset;
            _heldCount = count;
            return;
        }

        if (count == 0)
        {
            return;
        }

        byte[] held = new byte[_heldCount + count];
        if (_held != null)
        {
            Array.Copy(_held, _heldOffset, held, 0, _heldCount);
        }

        Array.Copy(buffer, offset, held, _heldCount, count);
        _held = held;
        _heldOffset = 0;
        _heldCount = held.Length;
    }

    private void OnFrameTimeout()
    {
        _frameTimerArmed = false;
        _manager.FrameTimedOut(this);
    }

    private byte[] FrameBuffer(int payloadLength)
    {
        int needed = payloadLength + HeaderSize;
        if (needed > _sendFrame.Length)
        {
            if (needed > RetainedSendBuffer)
            {
                return new byte[needed]; // a rare large message: not kept
            }

            _sendFrame = new byte[RetainedSendBuffer];
        }

        return _sendFrame;
    }

    private bool SendFrame(byte[] frame, int payloadLength)
    {
        BigEndian.WriteUInt32(frame, 0, (uint)payloadLength);
        _manager.TraceSend(this, frame, HeaderSize, payloadLength);
        if (Channel.TrySend(frame, 0, payloadLength + HeaderSize))
        {
            return true;
        }

        _manager.Drop(this, CloseReason.SendQueueFull, true);
        return false;
    }

    private void SendControl(int length)
    {
        BigEndian.WriteUInt32(_controlFrame, 0, (uint)length);
        Array.Copy(_control, 0, _controlFrame, HeaderSize, length);
        _manager.TraceSend(this, _controlFrame, HeaderSize, length); // pings, pongs and closes are frames too (--trace)
        Channel.TrySend(_controlFrame, 0, length + HeaderSize);
    }

    private void SendPing()
    {
        if (State != ConnectionState.Open)
        {
            return;
        }

        _pingSequence = _pingSequence == uint.MaxValue ? 1 : _pingSequence + 1;
        SendControl(ControlCodec.WritePing(_control, _pingSequence));

        // The next ping is due one interval after this one, whether or not the pong comes.
        _idleTimer.Restart(_keepAlive.PingInterval);
        _pongTimer.Restart(_keepAlive.PongTimeout);
    }

    private void OnPongTimeout()
    {
        _missedPongs++;
        if (_missedPongs >= _keepAlive.MaxMissedPongs)
        {
            _manager.Drop(this, CloseReason.KeepAliveTimeout, true);
        }
    }

    private void OnCloseAckTimeout() => _manager.Drop(this, _pendingCloseReason, false);
}
