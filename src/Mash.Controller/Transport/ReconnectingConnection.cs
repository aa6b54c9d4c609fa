using System;
using System.Threading;
using System.Threading.Tasks;

namespace Mash.Controller.Transport;

/// <summary>
/// Keeps one connection to a device alive: connects, and whenever the connection ends or an
/// attempt fails waits the policy's next delay and tries again. The backoff resets after each
/// successful connect, so the connect function must only return once the connection is
/// authenticated (an operational TLS handshake, plus any application-level acceptance): a
/// handshake followed by rejection must throw, so that the backoff continues.
/// </summary>
/// <remarks>
/// After every connect, <see cref="Connected"/> lets the owner re-create subscriptions and
/// re-read state, since nothing survives a reconnect. Events are raised on the loop's thread.
/// </remarks>
public sealed class ReconnectingConnection : IAsyncDisposable
{
    private readonly Func<CancellationToken, Task<MashConnection>> _connect;
    private readonly ReconnectPolicy _policy;
    private readonly TimeProvider _time;
    private readonly Action<string>? _log;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private MashConnection? _current;
    private int _started;

    /// <summary>Creates the loop; nothing happens until <see cref="Start"/>.</summary>
    /// <param name="connect">Opens and authenticates one connection, or throws.</param>
    /// <param name="policy">Backoff between attempts.</param>
    /// <param name="timeProvider">Clock for the delays; tests pass a fake one.</param>
    /// <param name="log">Receives one line per failed attempt and per loss.</param>
    public ReconnectingConnection(
        Func<CancellationToken, Task<MashConnection>> connect,
        ReconnectPolicy policy,
        TimeProvider? timeProvider = null,
        Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(connect);
        ArgumentNullException.ThrowIfNull(policy);
        _connect = connect;
        _policy = policy;
        _time = timeProvider ?? TimeProvider.System;
        _log = log;
    }

    /// <summary>A new connection is up (first connect or a reconnect).</summary>
    public event EventHandler<MashConnection>? Connected;

    /// <summary>The current connection ended; a reconnect follows unless disposed.</summary>
    public event EventHandler<ConnectionClosedInfo>? Disconnected;

    /// <summary>The loop is about to wait before its next attempt.</summary>
    public event EventHandler<ReconnectScheduledEventArgs>? ReconnectScheduled;

    /// <summary>The connection currently up, or null between connections.</summary>
    public MashConnection? Current => Volatile.Read(ref _current);

    /// <summary>Starts connecting (the first attempt is immediate).</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(_stop.IsCancellationRequested, this);
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _loop = Task.Run(() => RunAsync(_stop.Token));
        }
    }

    /// <summary>Stops the loop and closes the current connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            MashConnection connection;
            try
            {
                connection = await _connect(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Whatever made this attempt fail, the answer is to wait and retry.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _log?.Invoke("connect attempt failed: " + ex.Message);
                if (!await WaitBeforeRetryAsync(ex, stop).ConfigureAwait(false))
                {
                    return;
                }

                continue;
            }

            _policy.Reset();
            Volatile.Write(ref _current, connection);
            Connected?.Invoke(this, connection);
            ConnectionClosedInfo ended;
            try
            {
                ended = await connection.Closed.WaitAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Volatile.Write(ref _current, null);
                await connection.DisposeAsync().ConfigureAwait(false);
                return;
            }

            Volatile.Write(ref _current, null);
            await connection.DisposeAsync().ConfigureAwait(false);
            _log?.Invoke("connection ended (" + ended.Kind + "): " + ended.Reason);
            Disconnected?.Invoke(this, ended);
            if (!await WaitBeforeRetryAsync(null, stop).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    private async Task<bool> WaitBeforeRetryAsync(Exception? lastError, CancellationToken stop)
    {
        TimeSpan delay = _policy.NextDelay();

        // The timer exists before anyone hears of it, so a test clock advanced on the event fires it.
        Task wait = Task.Delay(delay, _time, stop);
        ReconnectScheduled?.Invoke(this, new ReconnectScheduledEventArgs(delay, _policy.Attempts, lastError));
        try
        {
            await wait.ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
