using System;
using System.Runtime.ExceptionServices;
using System.Threading;
using Mash.Device.Runtime;

namespace Mash.Device.Host.Runtime;

/// <summary>
/// Runs a <see cref="Scheduler"/> on one dedicated thread, sleeping until the next timer is due
/// or something is posted. This thread is the core's loop thread: timers may only be created and
/// cancelled from callbacks running on it (or via <see cref="Invoke{T}"/>).
/// </summary>
public sealed class SchedulerLoop : IDisposable
{
    /// <summary>How long <see cref="Stop"/> waits for the loop thread to finish.</summary>
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Default wait of <see cref="Invoke{T}"/> for the loop to run the function.</summary>
    public static readonly TimeSpan DefaultInvokeTimeout = TimeSpan.FromSeconds(5);

    private readonly Scheduler _scheduler;
    private readonly ManualResetEventSlim _wake = new(false);
    private readonly object _stateGate = new();
    private Thread? _thread;
    private volatile bool _stopRequested;
    private bool _disposed;

    public SchedulerLoop(Scheduler scheduler)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        _scheduler = scheduler;
    }

    public Scheduler Scheduler => _scheduler;

    /// <summary>True when the caller runs on the loop thread.</summary>
    public bool IsLoopThread => _thread is not null && Thread.CurrentThread == _thread;

    /// <summary>True between <see cref="Start"/> and the loop thread finishing after <see cref="Stop"/>.</summary>
    public bool IsRunning => _thread is { IsAlive: true } && !_stopRequested;

    /// <summary>Starts the loop thread. A loop can be started once.</summary>
    public void Start()
    {
        lock (_stateGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_thread is not null || _stopRequested)
            {
                throw new InvalidOperationException("A scheduler loop can only be started once.");
            }

            _scheduler.WakeRequested = Wake;
            _thread = new Thread(Run)
            {
                Name = "mash-scheduler",
                // The process must be able to exit even if a callback hangs.
                IsBackground = true,
            };
            _thread.Start();
        }
    }

    /// <summary>
    /// Asks the loop to finish and waits up to <see cref="StopTimeout"/> for it. Events posted
    /// before this call still run. Returns immediately when called from the loop thread itself
    /// (the loop finishes once the current callback returns). If a callback hangs, the thread is
    /// left behind as a background thread rather than blocking shutdown forever.
    /// </summary>
    public void Stop()
    {
        Thread? thread;
        lock (_stateGate)
        {
            thread = _thread;
            _stopRequested = true;
            if (!_disposed)
            {
                _wake.Set();
            }
        }

        if (thread is not null && thread != Thread.CurrentThread)
        {
            thread.Join(StopTimeout);
        }
    }

    /// <summary>
    /// Runs <paramref name="function"/> on the loop thread and returns its result, for host code
    /// that must read core state from another thread. Runs inline when already on the loop thread.
    /// An exception thrown by the function is rethrown here.
    /// </summary>
    /// <exception cref="TimeoutException">The loop did not run the function within the timeout.</exception>
    /// <exception cref="InvalidOperationException">The loop is not running.</exception>
    public T Invoke<T>(Func<T> function, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(function);

        if (IsLoopThread)
        {
            return function();
        }

        if (!IsRunning)
        {
            throw new InvalidOperationException("The scheduler loop is not running.");
        }

        TimeSpan wait = timeout ?? DefaultInvokeTimeout;
        if (wait < TimeSpan.Zero && wait != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The timeout must be positive or infinite.");
        }

        var call = new PendingCall<T>(function);
        _scheduler.Post(call.Run);
        return call.Wait(wait);
    }

    public void Dispose()
    {
        Stop();
        lock (_stateGate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _scheduler.WakeRequested = null;

            // A hung loop thread may still wait on the handle, so only release it once the thread is gone.
            if (_thread is null || !_thread.IsAlive)
            {
                _wake.Dispose();
            }
        }
    }

    private void Wake()
    {
        try
        {
            _wake.Set();
        }
        catch (ObjectDisposedException)
        {
            // A platform thread posted while the loop was being disposed; nobody waits any more.
        }
    }

    private void Run()
    {
        IClock clock = _scheduler.Clock;
        while (true)
        {
            // Reset before running so a Post that lands while we run is not lost: it sets the
            // handle again and the wait below returns at once.
            _wake.Reset();
            bool stopping = _stopRequested;
            _scheduler.RunPending();

            if (stopping)
            {
                // This pass started after the stop request, so everything posted before it ran.
                return;
            }

            if (_stopRequested || _scheduler.HasPendingEvents)
            {
                continue;
            }

            if (!_scheduler.HasNextDeadline)
            {
                _wake.Wait(Timeout.Infinite);
                continue;
            }

            TimeSpan wait = _scheduler.NextDeadline - clock.Monotonic;
            if (wait > TimeSpan.Zero)
            {
                // Round up: waking a little late is fine, waking early only spins once more.
                double milliseconds = Math.Ceiling(wait.TotalMilliseconds);
                _wake.Wait(milliseconds >= int.MaxValue ? int.MaxValue - 1 : (int)milliseconds);
            }
        }
    }

    private sealed class PendingCall<T>
    {
        private readonly Func<T> _function;
        private readonly object _gate = new();
        private bool _done;
        private T? _result;
        private ExceptionDispatchInfo? _error;

        public PendingCall(Func<T> function)
        {
            _function = function;
        }

        // The caller gets the exception, so the scheduler must not see (and log) it.
#pragma warning disable CA1031
        public void Run()
        {
            T? result = default;
            ExceptionDispatchInfo? error = null;
            try
            {
                result = _function();
            }
            catch (Exception ex)
            {
                error = ExceptionDispatchInfo.Capture(ex);
            }

            lock (_gate)
            {
                _result = result;
                _error = error;
                _done = true;
                Monitor.PulseAll(_gate);
            }
        }
#pragma warning restore CA1031

        public T Wait(TimeSpan timeout)
        {
            bool infinite = timeout == Timeout.InfiniteTimeSpan;
            long deadline = infinite ? long.MaxValue : Environment.TickCount64 + (long)Math.Ceiling(timeout.TotalMilliseconds);
            lock (_gate)
            {
                while (!_done)
                {
                    long remaining = deadline - Environment.TickCount64;
                    if (remaining <= 0)
                    {
                        throw new TimeoutException($"The scheduler loop did not run the call within {timeout}.");
                    }

                    Monitor.Wait(_gate, infinite ? Timeout.Infinite : (int)Math.Min(remaining, int.MaxValue));
                }

                _error?.Throw();
                return _result!;
            }
        }
    }
}
