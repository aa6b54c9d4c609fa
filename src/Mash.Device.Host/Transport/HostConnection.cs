using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Authentication;
using System.Threading;
using System.Threading.Tasks;
using Mash.Device.Diagnostics;
using Mash.Device.Runtime;
using Mash.Device.Transport;
using Mash.Protocol.Wire;

namespace Mash.Device.Host.Transport;

/// <summary>
/// One accepted TLS connection on the host: a reader task that cuts the stream into frames and
/// hands them to the scheduler, and a writer task that sends what the core queued. The core sees
/// it as an <see cref="IConnectionChannel"/>. Frames travel in pooled buffers and a cached drain
/// delegate is posted, so steady traffic does not allocate per message.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage(
    "Reliability",
    "CA1001:Types that own disposable fields should be disposable",
    Justification = "The semaphores never create wait handles; the scheduler may still release one after the connection ended, so they are left to the GC.")]
internal sealed class HostConnection : IConnectionChannel
{
    private const int InboundQueueLimit = 32;

    private readonly Socket _socket;
    private readonly SslStream _ssl;
    private readonly Scheduler _scheduler;
    private readonly ConnectionManager _manager;
    private readonly Logger _log;
    private readonly Action _drain;
    private readonly object _gate = new();
    private readonly Queue<(byte[] Buffer, int Length)> _inbound = new();
    private readonly Queue<(byte[] Buffer, int Length)> _outbound = new();
    private readonly SemaphoreSlim _inboundSlots = new(InboundQueueLimit, InboundQueueLimit);
    private readonly SemaphoreSlim _outboundReady = new(0);
    private bool _drainPosted;
    private bool _closing;
    private int _ended;

    private readonly TimeSpan _frameTimeout;
    private readonly TimeProvider _time;

    public HostConnection(Socket socket, SslStream ssl, Scheduler scheduler, ConnectionManager manager, Logger log, string remote, TimeSpan frameTimeout, TimeProvider time)
    {
        _frameTimeout = frameTimeout;
        _time = time;
        _socket = socket;
        _ssl = ssl;
        _scheduler = scheduler;
        _manager = manager;
        _log = log;
        RemoteEndPoint = remote;
        _drain = Drain;
    }

    public string RemoteEndPoint { get; }

    /// <summary>Lab-only broken mode (<c>--break zero-length-frame</c>): keep connections that send a zero length.</summary>
    public bool IgnoreZeroLengthFrames { get; init; }

    /// <summary>The core's side of this connection, set on the loop thread when it opened.</summary>
    public DeviceConnection? Core { get; set; }

    /// <summary>Completes when both tasks have ended and the socket is closed.</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    public void Start()
    {
        Task reader = Task.Run(ReadLoopAsync);
        Task writer = Task.Run(WriteLoopAsync);
        Completion = Task.WhenAll(reader, writer);
    }

    public bool TrySend(ReadOnlySpan<byte> message)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(message.Length + FrameFormat.HeaderSize);
        BinaryPrimitives.WriteUInt32BigEndian(buffer, (uint)message.Length);
        message.CopyTo(buffer.AsSpan(FrameFormat.HeaderSize));
        lock (_gate)
        {
            if (_closing || _outbound.Count >= TransportLimits.SendQueueMessages)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                return _closing; // dropped silently while closing; a full queue means the peer stopped reading
            }

            _outbound.Enqueue((buffer, message.Length + FrameFormat.HeaderSize));
        }

        _outboundReady.Release();
        return true;
    }

    public void Close()
    {
        lock (_gate)
        {
            _closing = true;
        }

        _outboundReady.Release(); // the writer flushes the queue, then shuts the socket down
    }

    public void Abort()
    {
        lock (_gate)
        {
            _closing = true;
        }

        Shutdown();
    }

    private async Task ReadLoopAsync()
    {
        var reader = new FrameReader();
        byte[] buffer = new byte[16 * 1024];
        using var deadline = new FrameDeadline(_frameTimeout, _time);
        CloseReason reason = CloseReason.ConnectionLost;
        try
        {
            while (true)
            {
                int n;
                try
                {
                    // A frame must arrive whole within the frame timeout of its first byte;
                    // between frames the read waits without a deadline.
                    deadline.Token.ThrowIfCancellationRequested();
                    n = await _ssl.ReadAsync(buffer.AsMemory(), deadline.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    _log.Warn($"{RemoteEndPoint}: frame not complete within {_frameTimeout.TotalSeconds} s, closing");
                    reason = CloseReason.ProtocolError;
                    break;
                }

                if (n == 0)
                {
                    if (reader.EndOfStream() == FrameError.Truncated)
                    {
                        _log.Warn($"{RemoteEndPoint}: stream ended inside a frame");
                        reason = CloseReason.ProtocolError;
                    }

                    break;
                }

                int frames = await PushAsync(reader, buffer.AsMemory(0, n)).ConfigureAwait(false);
                if (frames < 0)
                {
                    reason = CloseReason.ProtocolError;
                    break;
                }

                if (!reader.InsideFrame)
                {
                    deadline.BetweenFrames();
                }
                else if (!deadline.Armed || frames > 0)
                {
                    deadline.FrameStarted(); // a new frame began in this chunk
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or AuthenticationException or SocketException or InvalidOperationException)
        {
            reason = CloseReason.ConnectionLost;
        }

        End(reason);
    }

    /// <summary>Feeds bytes to the frame reader; returns the frames completed, or -1 on a framing error (zero length, too large).</summary>
    private async Task<int> PushAsync(FrameReader reader, ReadOnlyMemory<byte> data)
    {
        int frames = 0;
        while (!data.IsEmpty)
        {
            int used = MemoryMarshal.TryGetArray(data, out ArraySegment<byte> segment)
                ? reader.Push(segment.Array!, segment.Offset, segment.Count)
                : reader.Push(data.ToArray());
            data = data[used..];
            if (reader.Error == FrameError.ZeroLength && IgnoreZeroLengthFrames)
            {
                reader.Reset(); // the lab's broken mode: swallow what a conforming device must refuse
                continue;
            }

            if (reader.Error != FrameError.None)
            {
                _log.Warn($"{RemoteEndPoint}: framing error {reader.Error} (declared length {reader.DeclaredLength}), closing");
                return -1;
            }

            if (reader.TryTakeFrame(out byte[] frameBuffer, out int frameLength))
            {
                var frame = new ReadOnlyMemory<byte>(frameBuffer, 0, frameLength);
                await _inboundSlots.WaitAsync().ConfigureAwait(false);
                byte[] copy = ArrayPool<byte>.Shared.Rent(frame.Length);
                frame.Span.CopyTo(copy);
                bool post;
                lock (_gate)
                {
                    _inbound.Enqueue((copy, frame.Length));
                    post = !_drainPosted;
                    _drainPosted = true;
                }

                if (post)
                {
                    _scheduler.Post(_drain);
                }

                frames++;
            }
        }

        return frames;
    }

    /// <summary>Runs on the scheduler thread: hands queued frames to the core in order.</summary>
    private void Drain()
    {
        while (true)
        {
            (byte[] Buffer, int Length) item;
            lock (_gate)
            {
                if (_inbound.Count == 0)
                {
                    _drainPosted = false;
                    return;
                }

                item = _inbound.Dequeue();
            }

            try
            {
                if (Core is { } core)
                {
                    _manager.Receive(core, item.Buffer.AsMemory(0, item.Length));
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(item.Buffer);
                _inboundSlots.Release();
            }
        }
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            while (true)
            {
                await _outboundReady.WaitAsync().ConfigureAwait(false);
                (byte[] Buffer, int Length) item;
                bool closing;
                lock (_gate)
                {
                    closing = _closing;
                    if (_outbound.Count == 0)
                    {
                        if (closing)
                        {
                            break;
                        }

                        continue;
                    }

                    item = _outbound.Dequeue();
                }

                try
                {
                    await _ssl.WriteAsync(item.Buffer.AsMemory(0, item.Length)).ConfigureAwait(false);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(item.Buffer);
                }

                if (closing)
                {
                    _outboundReady.Release(); // keep flushing until the queue is empty
                }
            }

            await _ssl.ShutdownAsync().ConfigureAwait(false); // TLS close_notify
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException or InvalidOperationException or NotSupportedException)
        {
            // The reader reports the loss; nothing more to send.
        }

        Shutdown();
        End(CloseReason.ConnectionLost);
    }

    private void Shutdown()
    {
        lock (_gate)
        {
            _closing = true;
        }

        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // already gone
        }

        _socket.Close();
        _outboundReady.Release(); // wake the writer so it ends
    }

    private void End(CloseReason reason)
    {
        Shutdown();
        if (Interlocked.Exchange(ref _ended, 1) == 1)
        {
            return;
        }

        _scheduler.Post(() =>
        {
            if (Core is { } core)
            {
                _manager.ChannelClosed(core, reason);
            }
        });
    }
}
