using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Mash.Protocol.DotNet;
using Mash.Protocol.Wire;

namespace Mash.Controller.Transport;

/// <summary>
/// A controller's TLS 1.3 connection to a MASH device: framing, keep-alive, graceful close,
/// request/response matching and notifications, plus a raw frame channel for commissioning and
/// renewal messages.
/// </summary>
/// <remarks>
/// A background loop reads frames and dispatches them; <see cref="NotificationReceived"/>
/// handlers run on that loop, so they must not block waiting for a response.
/// </remarks>
public sealed class MashConnection : IAsyncDisposable
{
    /// <summary>The ALPN protocol id both ends must negotiate.</summary>
    public const string ApplicationProtocol = "mash/1";

    private const int RawQueueCapacity = 64;
    private const int ReadBufferSize = 16 * 1024;

    private static readonly SslApplicationProtocol Alpn = new(ApplicationProtocol);

    private readonly MashConnectionOptions _options;
    private readonly Socket _socket;
    private readonly SslStream _stream;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<uint, TaskCompletionSource<Response>> _pending = new();
    private readonly Channel<ReadOnlyMemory<byte>> _rawFrames;
    private readonly TaskCompletionSource<ConnectionClosedInfo> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _closeAcknowledged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _shutdown = new();
    private readonly Lock _keepAliveGate = new();
    private ITimer? _keepAliveTimer;
    private bool _awaitingPong;
    private int _missedPongs;
    private uint _pingSequence;
    private uint _lastMessageId;
    private int _mode;
    private int _closeStarted;
    private int _ended;
    private Task _readLoop = Task.CompletedTask;

    private MashConnection(MashConnectionOptions options, Socket socket, SslStream stream, X509Certificate2 peerCertificate)
    {
        _options = options;
        _socket = socket;
        _stream = stream;
        _time = options.TimeProvider;
        _mode = (int)options.InitialMode;
        PeerCertificate = peerCertificate;
        NegotiatedCipherSuite = stream.NegotiatedCipherSuite;
        RemoteEndPoint = (IPEndPoint)socket.RemoteEndPoint!;
        _rawFrames = Channel.CreateBounded<ReadOnlyMemory<byte>>(new BoundedChannelOptions(RawQueueCapacity)
        {
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>
    /// Raised for every notification while in request mode, on the read loop. Exceptions from
    /// handlers are logged and do not end the connection. A handler must not wait for a response
    /// or dispose the connection: both need the read loop it is running on.
    /// </summary>
    public event EventHandler<Notification>? NotificationReceived;

    /// <summary>The device's leaf certificate (a copy owned by this connection, valid after close).</summary>
    public X509Certificate2 PeerCertificate { get; }

    /// <summary>The TLS 1.3 cipher suite in use.</summary>
    public TlsCipherSuite NegotiatedCipherSuite { get; }

    /// <summary>The device's address and port.</summary>
    public IPEndPoint RemoteEndPoint { get; }

    /// <summary>Raw (commissioning) or Requests.</summary>
    public MashConnectionMode Mode => (MashConnectionMode)Volatile.Read(ref _mode);

    /// <summary>Completes once, when the connection has ended, with how and why.</summary>
    public Task<ConnectionClosedInfo> Closed => _closed.Task;

    /// <summary>False once the connection has ended (or a close has begun).</summary>
    public bool IsOpen => Volatile.Read(ref _ended) == 0 && Volatile.Read(ref _closeStarted) == 0;

    /// <summary>
    /// Dials the host (IPv6 and IPv4 addresses in turn), runs the TLS 1.3 handshake with ALPN
    /// mash/1 and starts the read loop.
    /// </summary>
    /// <exception cref="MashConnectionException">Dial, handshake, certificate check or ALPN failed.</exception>
    /// <exception cref="TimeoutException">Connect plus handshake took longer than <see cref="MashConnectionOptions.ConnectTimeout"/>.</exception>
    public static async Task<MashConnection> ConnectAsync(MashConnectionOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        using var timeout = new CancellationTokenSource(options.ConnectTimeout, options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        string where = Describe(options.Host, options.Port);
        Socket? socket = null;
        SslStream? stream = null;
        var validation = new HandshakeValidation(options.ServerCertificateValidator);
        try
        {
            socket = await HostDialer.DialAsync(options.Host, options.Port, linked.Token).ConfigureAwait(false);
            stream = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
            await stream.AuthenticateAsClientAsync(BuildTlsOptions(options, validation), linked.Token).ConfigureAwait(false);
            if (stream.SslProtocol != SslProtocols.Tls13)
            {
                throw new MashConnectionException(where + " negotiated " + stream.SslProtocol + "; MASH requires TLS 1.3.");
            }

            if (stream.NegotiatedApplicationProtocol != Alpn)
            {
                throw new MashConnectionException(
                    where + " did not negotiate the ALPN protocol \"" + ApplicationProtocol + "\"; it is not a MASH device, or speaks another protocol version.");
            }

            X509Certificate2 peer = X509CertificateLoader.LoadCertificate(
                stream.RemoteCertificate?.GetRawCertData() ?? throw new MashConnectionException(where + " presented no certificate."));
            var connection = new MashConnection(options, socket, stream, peer);
            connection.Start();
            return connection;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            Abandon(stream, socket);
            throw new TimeoutException(string.Format(
                CultureInfo.InvariantCulture, "Connecting to {0} took longer than {1} s.", where, options.ConnectTimeout.TotalSeconds));
        }
        catch (AuthenticationException ex)
        {
            Abandon(stream, socket);
            throw new MashConnectionException("TLS handshake with " + where + " failed: " + (validation.Rejection ?? ex.Message), ex);
        }
        catch (Exception ex) when (ex is IOException or SocketException && ex is not MashConnectionException)
        {
            Abandon(stream, socket);
            throw new MashConnectionException("Connection to " + where + " failed: " + ex.Message, ex);
        }
        catch
        {
            Abandon(stream, socket);
            throw;
        }
    }

    /// <summary>
    /// Switches from raw mode to request mode and starts keep-alive pings. Frames already queued
    /// for <see cref="ReceiveFrameAsync"/> stay there.
    /// </summary>
    public void EnterRequestMode()
    {
        if (Interlocked.Exchange(ref _mode, (int)MashConnectionMode.Requests) != (int)MashConnectionMode.Requests)
        {
            ArmKeepAlive();
        }
    }

    /// <summary>
    /// Sends a request and waits for the response with the same message id.
    /// </summary>
    /// <param name="operation">Read, Write, Subscribe or Invoke.</param>
    /// <param name="endpointId">Request key 3.</param>
    /// <param name="featureId">Request key 4.</param>
    /// <param name="payload">Request key 5; null leaves the key out.</param>
    /// <param name="timeout">Response timeout; null means <see cref="MashConnectionOptions.RequestTimeout"/> (30 s).</param>
    /// <param name="cancellationToken">Abandons the wait (a late response is then ignored).</param>
    /// <exception cref="InvalidOperationException">The connection is in raw mode.</exception>
    /// <exception cref="TimeoutException">No response within the timeout.</exception>
    /// <exception cref="MashConnectionException">The connection ended before the response arrived.</exception>
    public async Task<Response> RequestAsync(
        Operation operation,
        byte endpointId,
        byte featureId,
        CborValue? payload = null,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        if (Mode != MashConnectionMode.Requests)
        {
            throw new InvalidOperationException("The connection is in raw (commissioning) mode; call EnterRequestMode first.");
        }

        ThrowIfEnded();
        TimeSpan limit = timeout ?? _options.RequestTimeout;

        // The timer starts before the request is sent, so a test clock advanced after the peer
        // has seen the request always fires it.
        using var timer = new CancellationTokenSource(limit, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        var completion = new TaskCompletionSource<Response>(TaskCreationOptions.RunContinuationsAsynchronously);
        uint messageId = RegisterRequest(completion);
        try
        {
            byte[] encoded = MessageCodec.Encode(new Request(messageId, operation, endpointId, featureId, payload));
            await SendFrameAsync(encoded, linked.Token).ConfigureAwait(false);
            return await completion.Task.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(string.Format(
                CultureInfo.InvariantCulture,
                "No response to request {0} ({1} endpoint {2} feature {3}) within {4} s.",
                messageId,
                operation,
                endpointId,
                featureId,
                limit.TotalSeconds));
        }
        finally
        {
            _pending.TryRemove(messageId, out _);
        }
    }

    /// <summary>Sends one frame carrying <paramref name="payload"/> (1 to 65536 bytes of CBOR).</summary>
    /// <exception cref="MashConnectionException">The connection has ended or the write failed.</exception>
    public async Task SendFrameAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        if (!FrameFormat.IsValidLength(payload.Length))
        {
            throw new ArgumentOutOfRangeException(nameof(payload), payload.Length, "A frame payload must be 1 to 65536 bytes.");
        }

        int total = FrameFormat.HeaderSize + payload.Length;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(total);
        try
        {
            FrameWriter.Write(buffer, 0, payload.ToArray(), 0, payload.Length);
            await WriteAsync(buffer.AsMemory(0, total), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Takes the next frame that no other layer consumed: in raw mode every frame except
    /// ping/pong/close; in request mode renewal, commissioning and device-initiated messages.
    /// Frames received before the connection ended are still returned.
    /// </summary>
    /// <exception cref="MashConnectionException">The connection has ended and no frame is left.</exception>
    public async Task<ReadOnlyMemory<byte>> ReceiveFrameAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await _rawFrames.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw EndedException();
        }
    }

    /// <summary>
    /// Graceful close: sends the close message {1: 3}, waits up to <see cref="MashConnectionOptions.CloseTimeout"/>
    /// (5 s) for the peer's acknowledgement (a close, close_ack or end of stream), then closes TCP.
    /// If the connection already ended or is closing, returns how it ended.
    /// </summary>
    /// <param name="reason">Reported in <see cref="Closed"/>; the integer-key close message has no room for it.</param>
    /// <param name="cancellationToken">Stops waiting for the acknowledgement early (the connection still closes).</param>
    public async Task<ConnectionClosedInfo> CloseAsync(string reason = "closed by controller", CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _ended) != 0 || Interlocked.Exchange(ref _closeStarted, 1) != 0)
        {
            return await Closed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        StopKeepAlive();
        using var timer = new CancellationTokenSource(_options.CloseTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            await SendControlAsync(new ControlMessage(ControlMessageType.Close), CancellationToken.None).ConfigureAwait(false);
            Task finished = await Task.WhenAny(_closeAcknowledged.Task, _closed.Task).WaitAsync(linked.Token).ConfigureAwait(false);
            if (finished == _closeAcknowledged.Task)
            {
                Log("close acknowledged by the peer");
            }
        }
        catch (OperationCanceledException)
        {
            Log(timer.IsCancellationRequested ? "no close acknowledgement within the close timeout" : "stopped waiting for the close acknowledgement");
        }
        catch (MashConnectionException)
        {
            // The connection ended while we were closing; Closed already tells how.
        }

        End(ConnectionEndKind.ClosedByUs, reason);
        return await Closed.ConfigureAwait(false);
    }

    /// <summary>
    /// Ends the connection without waiting: sends a close message if still open, closes TCP and
    /// waits for the read loop to finish. Use <see cref="CloseAsync"/> to wait for the acknowledgement.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Volatile.Read(ref _ended) == 0 && Interlocked.Exchange(ref _closeStarted, 1) == 0)
        {
            try
            {
                await SendControlAsync(new ControlMessage(ControlMessageType.Close), CancellationToken.None).ConfigureAwait(false);
            }
            catch (MashConnectionException)
            {
            }
        }

        End(ConnectionEndKind.ClosedByUs, "disposed");
        await _readLoop.ConfigureAwait(false);
        _shutdown.Dispose();
    }

    /// <summary>Sets the message counter so the next id is <paramref name="lastId"/> + 1 (wrap tests).</summary>
    internal void SetLastMessageId(uint lastId) => Volatile.Write(ref _lastMessageId, lastId);

    private static string Describe(string host, int port) =>
        (host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? "[" + host + "]" : host)
        + ":" + port.ToString(CultureInfo.InvariantCulture);

    private static SslClientAuthenticationOptions BuildTlsOptions(MashConnectionOptions options, HandshakeValidation validation)
    {
        var tls = new SslClientAuthenticationOptions
        {
            EnabledSslProtocols = SslProtocols.Tls13,
            ApplicationProtocols = [Alpn],
            TargetHost = options.TargetHost ?? HostDialer.StripBrackets(options.Host),
            AllowRenegotiation = false,
            AllowTlsResume = false,
            // The chain SslStream builds before our validator runs: offline, no system store.
            CertificateChainPolicy = OfflineChainPolicy.Create(),
            RemoteCertificateValidationCallback = validation.Validate,
        };
        if (options.ClientCertificate is not null)
        {
            tls.ClientCertificateContext = SslStreamCertificateContext.Create(options.ClientCertificate, additionalCertificates: null, offline: true);
        }

        return tls;
    }

    private static void Abandon(SslStream? stream, Socket? socket)
    {
        stream?.Dispose();
        socket?.Dispose();
    }

    private void Start()
    {
        if (Mode == MashConnectionMode.Requests)
        {
            ArmKeepAlive();
        }

        _readLoop = Task.Run(ReadLoopAsync);
    }

    private uint RegisterRequest(TaskCompletionSource<Response> completion)
    {
        while (true)
        {
            uint id = Interlocked.Increment(ref _lastMessageId);
            if (id != 0 && _pending.TryAdd(id, completion))
            {
                return id;
            }
        }
    }

    private async Task ReadLoopAsync()
    {
        var reader = new FrameReader();
        byte[] buffer = new byte[ReadBufferSize];
        try
        {
            while (true)
            {
                int received = await _stream.ReadAsync(buffer, _shutdown.Token).ConfigureAwait(false);
                if (received == 0)
                {
                    OnEndOfStream(reader.EndOfStream());
                    return;
                }

                int offset = 0;
                while (offset < received)
                {
                    offset += reader.Push(buffer, offset, received - offset);
                    if (reader.Error != FrameError.None)
                    {
                        End(ConnectionEndKind.ProtocolError, DescribeFrameError(reader));
                        return;
                    }

                    if (reader.TryTakeFrame(out byte[] frameBuffer, out int frameLength) && !await HandleFrameAsync(new ReadOnlyMemory<byte>(frameBuffer, 0, frameLength)).ConfigureAwait(false))
                    {
                        return;
                    }
                }
            }
        }
        catch (Exception) when (Volatile.Read(ref _ended) != 0)
        {
            // Teardown disposed the stream under the pending read.
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or MashConnectionException)
        {
            if (Volatile.Read(ref _closeStarted) != 0)
            {
                _closeAcknowledged.TrySetResult();
                return;
            }

            End(ConnectionEndKind.Reset, "connection reset: " + ex.Message, ex);
        }
#pragma warning disable CA1031 // A bug in dispatch must end the connection visibly, not leave it hanging.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            End(ConnectionEndKind.Reset, "internal error while reading: " + ex.Message, ex);
        }
    }

    private void OnEndOfStream(FrameError error)
    {
        if (error == FrameError.Truncated)
        {
            End(ConnectionEndKind.ProtocolError, "protocol error: the stream ended inside a frame");
        }
        else if (Volatile.Read(ref _closeStarted) != 0)
        {
            // The peer closing TCP after our close is as good as an acknowledgement.
            _closeAcknowledged.TrySetResult();
        }
        else
        {
            End(ConnectionEndKind.EndOfStream, "the peer ended the connection without a close message");
        }
    }

    private static string DescribeFrameError(FrameReader reader) => reader.Error switch
    {
        FrameError.ZeroLength => "protocol error: the peer sent a frame of length 0",
        FrameError.TooLarge => string.Format(
            CultureInfo.InvariantCulture,
            "protocol error: the peer declared a frame of {0} bytes (maximum {1})",
            reader.DeclaredLength,
            FrameFormat.MaxFrameSize),
        _ => "protocol error: " + reader.Error,
    };

    /// <summary>Dispatches one frame; returns false when the read loop must stop.</summary>
    private async Task<bool> HandleFrameAsync(ReadOnlyMemory<byte> frame)
    {
        MarkTraffic();
        MessageKind kind = MessageClassifier.Classify(frame.ToArray());
        if (kind == MessageKind.Control && ControlCodec.TryDecode(frame.ToArray(), out ControlMessage control))
        {
            return await HandleControlAsync(control).ConfigureAwait(false);
        }

        if (Mode == MashConnectionMode.Requests)
        {
            switch (kind)
            {
                case MessageKind.Response:
                    DispatchResponse(frame);
                    return true;
                case MessageKind.Notification:
                    DispatchNotification(frame);
                    return true;
                case MessageKind.Malformed:
                    Log("ignored a malformed frame of " + frame.Length.ToString(CultureInfo.InvariantCulture) + " bytes");
                    return true;
                default:
                    break;
            }
        }

        // The frame memory belongs to the reader and is reused by the next push.
        if (!_rawFrames.Writer.TryWrite(frame.ToArray()))
        {
            Log("dropped a " + kind + " frame: nobody is reading raw frames");
        }

        return true;
    }

    private async Task<bool> HandleControlAsync(ControlMessage control)
    {
        switch (control.Type)
        {
            case ControlMessageType.Ping:
                await SendControlAsync(ControlCodec.PongFor(control), _shutdown.Token).ConfigureAwait(false);
                return true;
            case ControlMessageType.Pong:
                return true;
            case ControlMessageType.Close:
            case ControlMessageType.CloseAck:
                if (Volatile.Read(ref _closeStarted) == 0 && control.Type == ControlMessageType.CloseAck)
                {
                    Log("ignored an unsolicited close_ack");
                    return true;
                }

                if (Interlocked.Exchange(ref _closeStarted, 1) != 0)
                {
                    // Our close is out: a close or close_ack from the peer acknowledges it.
                    _closeAcknowledged.TrySetResult();
                    return true;
                }

                StopKeepAlive();
                try
                {
                    await SendControlAsync(ControlCodec.CloseAcknowledgementFor(control), _shutdown.Token).ConfigureAwait(false);
                }
                catch (MashConnectionException)
                {
                    // The peer may already have gone; the close is still graceful.
                }

                End(ConnectionEndKind.ClosedByPeer, control.Reason is { Length: > 0 } reason ? "closed by peer: " + reason : "closed by peer");
                return false;
            default:
                return true;
        }
    }

    private void DispatchResponse(ReadOnlyMemory<byte> frame)
    {
        Response response;
        try
        {
            response = MessageCodec.DecodeResponse(frame.ToArray());
        }
        catch (WireFormatException ex)
        {
            if (ex.MessageId != 0 && _pending.TryRemove(ex.MessageId, out TaskCompletionSource<Response>? broken))
            {
                broken.TrySetException(ex);
            }
            else
            {
                Log("ignored a malformed response: " + ex.Message);
            }

            return;
        }

        if (_pending.TryRemove(response.MessageId, out TaskCompletionSource<Response>? waiting))
        {
            waiting.TrySetResult(response);
        }
        else
        {
            Log("ignored a response to unknown or expired request " + response.MessageId.ToString(CultureInfo.InvariantCulture));
        }
    }

    private void DispatchNotification(ReadOnlyMemory<byte> frame)
    {
        Notification notification;
        try
        {
            notification = MessageCodec.DecodeNotification(frame.ToArray());
        }
        catch (WireFormatException ex)
        {
            Log("ignored a malformed notification: " + ex.Message);
            return;
        }

        try
        {
            NotificationReceived?.Invoke(this, notification);
        }
#pragma warning disable CA1031 // A subscriber's bug must not take the connection down.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log("a notification handler threw: " + ex.Message);
        }
    }

    private async Task SendControlAsync(ControlMessage message, CancellationToken cancellationToken)
    {
        int length = ControlCodec.GetEncodedLength(message);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(FrameFormat.HeaderSize + length);
        try
        {
            FrameWriter.WriteHeader(buffer, length);
            ControlCodec.Write(buffer, FrameFormat.HeaderSize, message);
            await WriteAsync(buffer.AsMemory(0, FrameFormat.HeaderSize + length), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        ThrowIfEnded();
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfEnded();
            await _stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or NotSupportedException
                                   && ex is not MashConnectionException)
        {
            End(ConnectionEndKind.Reset, "write failed: " + ex.Message, ex);
            throw EndedException();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private void ArmKeepAlive()
    {
        KeepAliveOptions keepAlive = _options.KeepAlive;
        if (!keepAlive.Enabled)
        {
            return;
        }

        lock (_keepAliveGate)
        {
            if (Volatile.Read(ref _ended) != 0 || Volatile.Read(ref _closeStarted) != 0 || _keepAliveTimer is not null)
            {
                return;
            }

            _keepAliveTimer = _time.CreateTimer(OnKeepAliveTimer, null, keepAlive.PingInterval, Timeout.InfiniteTimeSpan);
        }
    }

    private void StopKeepAlive()
    {
        lock (_keepAliveGate)
        {
            _keepAliveTimer?.Dispose();
            _keepAliveTimer = null;
        }
    }

    /// <summary>Any received frame proves the peer alive: forget misses and restart the idle wait.</summary>
    private void MarkTraffic()
    {
        lock (_keepAliveGate)
        {
            _missedPongs = 0;
            _awaitingPong = false;
            _keepAliveTimer?.Change(_options.KeepAlive.PingInterval, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnKeepAliveTimer(object? state)
    {
        KeepAliveOptions keepAlive = _options.KeepAlive;
        uint sequence = 0;
        bool lost = false;
        bool ping = false;
        lock (_keepAliveGate)
        {
            if (_keepAliveTimer is null)
            {
                return;
            }

            if (_awaitingPong)
            {
                _awaitingPong = false;
                _missedPongs++;
                lost = _missedPongs >= keepAlive.MaxMissedPongs;

                // Pings stay one interval apart, so the last miss lands at N x interval + timeout.
                _keepAliveTimer.Change(lost ? Timeout.InfiniteTimeSpan : keepAlive.PingInterval - keepAlive.PongTimeout, Timeout.InfiniteTimeSpan);
            }
            else
            {
                sequence = ++_pingSequence;
                if (sequence == 0)
                {
                    sequence = ++_pingSequence;
                }

                _awaitingPong = true;
                ping = true;
                _keepAliveTimer.Change(keepAlive.PongTimeout, Timeout.InfiniteTimeSpan);
            }
        }

        if (lost)
        {
            End(ConnectionEndKind.KeepAliveTimeout, string.Format(
                CultureInfo.InvariantCulture, "keep-alive: {0} pongs missed", keepAlive.MaxMissedPongs));
        }
        else if (ping)
        {
            _ = SendPingAsync(sequence);
        }
    }

    private async Task SendPingAsync(uint sequence)
    {
        try
        {
            await SendControlAsync(new ControlMessage(ControlMessageType.Ping, sequence), _shutdown.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is MashConnectionException or OperationCanceledException)
        {
            // The connection is ending; Closed reports why.
        }
    }

    private void ThrowIfEnded()
    {
        if (Volatile.Read(ref _ended) != 0)
        {
            throw EndedException();
        }
    }

    private MashConnectionException EndedException() =>
        _closed.Task.IsCompleted
            ? new MashConnectionException(_closed.Task.Result)
            : new MashConnectionException("The MASH connection has ended.");

    /// <summary>Ends the connection once: tears down TLS and TCP, fails waiters, completes <see cref="Closed"/>.</summary>
    private void End(ConnectionEndKind kind, string reason, Exception? error = null)
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            return;
        }

        var info = new ConnectionClosedInfo(kind, reason, error);
        Log("connection to " + RemoteEndPoint + " ended (" + kind + "): " + reason);
        StopKeepAlive();
        _closed.TrySetResult(info);
        _shutdown.Cancel();
        _stream.Dispose();
        _socket.Dispose();
        var failure = new MashConnectionException(info);
        foreach (uint id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out TaskCompletionSource<Response>? waiting))
            {
                waiting.TrySetException(failure);
            }
        }

        _rawFrames.Writer.TryComplete();
    }

    private void Log(string message) => _options.Log?.Invoke(message);

    /// <summary>Runs the caller's certificate check and remembers why it said no.</summary>
    private sealed class HandshakeValidation(ServerCertificateValidator validator)
    {
        public string? Rejection { get; private set; }

        public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
        {
            if (certificate is null)
            {
                Rejection = "the device presented no certificate";
                return false;
            }

            X509Certificate2 leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            if (validator(leaf, chain, errors))
            {
                return true;
            }

            Rejection = "the device certificate was rejected (" + leaf.Subject + "; platform check: " + errors + ")";
            return false;
        }
    }
}
