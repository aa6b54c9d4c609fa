using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Threading;
using System.Threading.Tasks;
using Mash.Device.Runtime;
using Mash.Device.Transport;

namespace Mash.Device.Host.Transport;

/// <summary>
/// One accepted TLS connection on the host, a byte pump: a reader task hands each read to the
/// core on the scheduler thread (and reads again once the core has consumed it, unless the core
/// paused reading), and a writer task sends the frames the core queued. Framing, the frame
/// deadline, keep-alive and the receive budget are the core's (<see cref="DeviceConnection"/>).
/// One read buffer and a cached delivery delegate, so steady traffic does not allocate per read.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage(
    "Reliability",
    "CA1001:Types that own disposable fields should be disposable",
    Justification = "The semaphores never create wait handles; the scheduler may still release one after the connection ended, so they are left to the GC.")]
internal sealed class HostConnection : IConnectionChannel
{
    private const int ReadBufferSize = 16 * 1024;

    private readonly Socket _socket;
    private readonly SslStream _ssl;
    private readonly Scheduler _scheduler;
    private readonly ConnectionManager _manager;
    private readonly Action _deliver;
    private readonly Action _drained;
    private readonly object _gate = new();
    private readonly byte[] _readBuffer = new byte[ReadBufferSize];
    private readonly Queue<(byte[] Buffer, int Length)> _outbound = new();
    private readonly SemaphoreSlim _consumed = new(0);
    private readonly SemaphoreSlim _resumed = new(0);
    private readonly SemaphoreSlim _outboundReady = new(0);
    private int _readCount;
    private bool _paused;
    private bool _readerWaiting;
    private bool _closing;
    private bool _drainWanted;
    private int _ended;

    public HostConnection(Socket socket, SslStream ssl, Scheduler scheduler, ConnectionManager manager, string remote)
    {
        _socket = socket;
        _ssl = ssl;
        _scheduler = scheduler;
        _manager = manager;
        RemoteEndPoint = remote;
        _deliver = Deliver;
        _drained = () => Core?.OnSendDrained();
    }

    public string RemoteEndPoint { get; }

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

    public bool TrySend(byte[] buffer, int offset, int count)
    {
        byte[] copy = ArrayPool<byte>.Shared.Rent(count);
        Array.Copy(buffer, offset, copy, 0, count);
        lock (_gate)
        {
            if (_closing || _outbound.Count >= TransportLimits.SendQueueMessages)
            {
                ArrayPool<byte>.Shared.Return(copy);
                return _closing; // dropped silently while closing; a full queue means the peer stopped reading
            }

            _outbound.Enqueue((copy, count));
        }

        _outboundReady.Release();
        return true;
    }

    public bool SendBacklogged
    {
        get
        {
            lock (_gate)
            {
                bool backlogged = _outbound.Count >= TransportLimits.SendBacklogMessages;
                _drainWanted |= backlogged;
                return backlogged;
            }
        }
    }

    public void PauseReceiving()
    {
        lock (_gate)
        {
            _paused = true;
        }
    }

    public void ResumeReceiving()
    {
        bool wake;
        lock (_gate)
        {
            _paused = false;
            wake = _readerWaiting;
            _readerWaiting = false;
        }

        if (wake)
        {
            _resumed.Release();
        }
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
        bool endOfStream = false;
        try
        {
            while (true)
            {
                int n = await _ssl.ReadAsync(_readBuffer.AsMemory()).ConfigureAwait(false);
                if (n == 0)
                {
                    endOfStream = true;
                    break;
                }

                // The core consumes (copies) the bytes on its thread; only then is the buffer reused.
                _readCount = n;
                _scheduler.Post(_deliver);
                await _consumed.WaitAsync().ConfigureAwait(false);

                bool wait;
                lock (_gate)
                {
                    wait = _paused && !_closing;
                    _readerWaiting = wait;
                }

                if (wait)
                {
                    await _resumed.WaitAsync().ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or AuthenticationException or SocketException or InvalidOperationException)
        {
            // The connection is lost; reported below.
        }

        End(endOfStream);
    }

    /// <summary>Runs on the scheduler thread: hands the last read to the core.</summary>
    private void Deliver()
    {
        try
        {
            if (Core is { } core)
            {
                core.OnReceived(_readBuffer, 0, _readCount);
            }
        }
        finally
        {
            _consumed.Release();
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
                    if (_drainWanted && _outbound.Count <= TransportLimits.SendBacklogMessages / 2)
                    {
                        // Low water: the core may take requests again (it stopped at the backlog mark).
                        _drainWanted = false;
                        _scheduler.Post(_drained);
                    }
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
        End(false);
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
        _resumed.Release(); // and a paused reader, whose next read then fails
    }

    private void End(bool endOfStream)
    {
        Shutdown();
        if (Interlocked.Exchange(ref _ended, 1) == 1)
        {
            return;
        }

        _scheduler.Post(() =>
        {
            if (Core is not { } core)
            {
                return;
            }

            if (endOfStream)
            {
                core.OnEndOfStream(); // the core tells a clean end from one inside a frame
            }
            else
            {
                _manager.ChannelClosed(core, CloseReason.ConnectionLost);
            }
        });
    }
}
