using System;
using Mash.Device.Diagnostics;

namespace Mash.Device.Runtime;

/// <summary>
/// The single cooperative loop that owns all firmware state. A host drives it by calling
/// <see cref="RunPending"/> and sleeping until <see cref="NextDeadline"/> or until
/// <see cref="WakeRequested"/> fires.
/// </summary>
/// <remarks>
/// <para>
/// Threading: <see cref="Post"/>, <see cref="HasPendingEvents"/> and <see cref="WakeRequested"/>
/// are the only members other threads may use; that is how platform code (sockets, GPIO) hands
/// work to the core. Everything else, including creating and cancelling timers, belongs to the
/// loop thread, i.e. to callbacks run by <see cref="RunPending"/> or to code that owns the loop
/// before it starts. The timer heap is deliberately unlocked so the hot path stays cheap.
/// </para>
/// <para>
/// Memory is bounded: timers live in a fixed-size binary heap and events in a fixed-size ring.
/// Running out of either is a firmware bug (a leak or an undersized limit), so it throws
/// <see cref="InvalidOperationException"/> rather than silently dropping work.
/// </para>
/// </remarks>
public sealed class Scheduler
{
    public const int DefaultTimerCapacity = 256;
    public const int DefaultEventCapacity = 1024;

    private readonly Logger _log;

    // Events: a ring buffer shared with platform threads, guarded by _eventGate.
    private readonly object _eventGate = new();
    private readonly Action?[] _events;
    private int _eventHead;
    private int _eventCount;

    // Timers: a binary min-heap ordered by (deadline, sequence), loop thread only.
    private readonly TimerHandle?[] _heap;
    private int _heapCount;
    private long _nextSequence;

    private bool _running;
    private Action? _wakeRequested;

    public Scheduler(IClock clock, ILogSink log, int timerCapacity = DefaultTimerCapacity, int eventCapacity = DefaultEventCapacity)
    {
        ArgumentNullException.ThrowIfNull(clock, nameof(clock));
        ArgumentNullException.ThrowIfNull(log, nameof(log));
        if (timerCapacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(timerCapacity), "At least one timer.");
        }

        if (eventCapacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(eventCapacity), "At least one event.");
        }

        Clock = clock;
        _log = new Logger(log, "scheduler");
        _heap = new TimerHandle?[timerCapacity];
        _events = new Action?[eventCapacity];
    }

    public IClock Clock { get; }

    /// <summary>What <see cref="NextDeadline"/> is when no timer is active.</summary>
    public static readonly TimeSpan NoDeadline = TimeSpan.MaxValue;

    /// <summary>True when a timer is active, i.e. <see cref="NextDeadline"/> is a real deadline.</summary>
    public bool HasNextDeadline => _heapCount > 0;

    /// <summary>The earliest deadline of an active timer, or <see cref="NoDeadline"/> when no timer is active.</summary>
    public TimeSpan NextDeadline => _heapCount == 0 ? NoDeadline : TimeSpan.FromTicks(_heap[0]!.DeadlineTicks);

    /// <summary>True when posted events are waiting for the next <see cref="RunPending"/>. Thread-safe.</summary>
    public bool HasPendingEvents
    {
        get
        {
            lock (_eventGate)
            {
                return _eventCount > 0;
            }
        }
    }

    /// <summary>
    /// Called when the loop should stop waiting: after every <see cref="Post"/> (on the posting
    /// thread) and when a new timer becomes the earliest one. Must be cheap and must not block;
    /// typically it sets a wait handle.
    /// </summary>
    public Action? WakeRequested
    {
        get => _wakeRequested;
        set => _wakeRequested = value;
    }

    /// <summary>
    /// Queues an action for the loop thread. Thread-safe; the only way other threads may hand
    /// work to the core. Events run in the order they were posted.
    /// </summary>
    public void Post(Action action)
    {
        ArgumentNullException.ThrowIfNull(action, nameof(action));

        lock (_eventGate)
        {
            if (_eventCount == _events.Length)
            {
                throw new InvalidOperationException(
                    $"Scheduler event queue is full ({_events.Length} events): the loop is stalled or the capacity is too small.");
            }

            _events[(_eventHead + _eventCount) % _events.Length] = action;
            _eventCount++;
        }

        _wakeRequested?.Invoke();
    }

    /// <summary>Runs <paramref name="action"/> once, <paramref name="delay"/> from now. Loop thread only.</summary>
    public TimerHandle After(TimeSpan delay, Action action)
    {
        if (delay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(delay), "A timer delay cannot be negative.");
        }

        return Add(delay, TimeSpan.Zero, action);
    }

    /// <summary>
    /// Runs <paramref name="action"/> every <paramref name="period"/>, first at now + period.
    /// Loop thread only.
    /// </summary>
    /// <remarks>
    /// Deadline k is always start + k * period, so a periodic timer never drifts however late
    /// its callbacks run. If the loop falls behind by several periods (a long callback, a host
    /// that was suspended), the timer fires once and then resumes at the next future multiple:
    /// the missed fires are skipped, not replayed in a burst, because every periodic job in the
    /// firmware (keep-alive, measurement, expiry checks) only cares about the current state.
    /// </remarks>
    public TimerHandle Every(TimeSpan period, Action action)
    {
        if (period <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(period), "A timer period must be positive.");
        }

        return Add(period, period, action);
    }

    /// <summary>
    /// Runs every event posted so far (FIFO), then every timer whose deadline is at or before
    /// <see cref="IClock.Monotonic"/>, read once at the start of the timer phase, in deadline order
    /// with ties in creation order. Returns how many callbacks ran, including ones that threw.
    /// </summary>
    /// <remarks>
    /// Work created while this runs waits for the next call: events posted by callbacks (or by
    /// other threads meanwhile), and timers created by callbacks even if their delay is zero.
    /// That bounds one call, so a callback that keeps rescheduling itself cannot starve the
    /// host's wait (the host sees <see cref="HasPendingEvents"/> or a due <see cref="NextDeadline"/>
    /// and calls again straight away).
    /// </remarks>
    public int RunPending()
    {
        if (_running)
        {
            throw new InvalidOperationException("RunPending must not be called from a scheduler callback.");
        }

        _running = true;
        try
        {
            return RunEvents() + RunTimers();
        }
        finally
        {
            _running = false;
        }
    }

    /// <summary>
    /// Re-arms a one-shot timer to fire <paramref name="delay"/> from now, whether it is pending,
    /// fired or cancelled. Keep-alive and timeout timers are re-armed on every frame; reusing the
    /// handle keeps that path free of allocations. Loop thread only.
    /// </summary>
    public void Restart(TimerHandle timer, TimeSpan delay)
    {
        ArgumentNullException.ThrowIfNull(timer, nameof(timer));
        if (timer.PeriodTicks != 0)
        {
            throw new ArgumentException("Only one-shot timers can be restarted.", nameof(timer));
        }

        if (delay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(delay), "A timer delay cannot be negative.");
        }

        if (timer.HeapIndex >= 0)
        {
            RemoveAt(timer.HeapIndex);
        }
        else if (_heapCount == _heap.Length)
        {
            throw new InvalidOperationException(
                $"Scheduler timer capacity ({_heap.Length} timers) exceeded: a component leaks timers or the capacity is too small.");
        }

        timer.DeadlineTicks = Clock.Monotonic.Ticks + delay.Ticks;
        timer.Sequence = _nextSequence++;
        Insert(timer);
        if (timer.HeapIndex == 0)
        {
            _wakeRequested?.Invoke();
        }
    }

    internal void Cancel(TimerHandle timer)
    {
        if (timer.HeapIndex >= 0)
        {
            RemoveAt(timer.HeapIndex);
        }
    }

    private TimerHandle Add(TimeSpan delay, TimeSpan period, Action action)
    {
        ArgumentNullException.ThrowIfNull(action, nameof(action));

        if (_heapCount == _heap.Length)
        {
            throw new InvalidOperationException(
                $"Scheduler timer capacity ({_heap.Length} timers) exceeded: a component leaks timers or the capacity is too small.");
        }

        long now = Clock.Monotonic.Ticks;
        if (delay.Ticks > long.MaxValue - now)
        {
            throw new ArgumentOutOfRangeException(nameof(delay), "The timer deadline would overflow the clock.");
        }

        var timer = new TimerHandle(this, action, now, now + delay.Ticks, period.Ticks, _nextSequence++);
        Insert(timer);

        if (timer.HeapIndex == 0)
        {
            _wakeRequested?.Invoke();
        }

        return timer;
    }

    private int RunEvents()
    {
        int count;
        lock (_eventGate)
        {
            count = _eventCount;
        }

        for (int i = 0; i < count; i++)
        {
            Action action;
            lock (_eventGate)
            {
                action = _events[_eventHead]!;
                _events[_eventHead] = null;
                _eventHead = (_eventHead + 1) % _events.Length;
                _eventCount--;
            }

            Invoke(action, "event");
        }

        return count;
    }

    private int RunTimers()
    {
        long now = Clock.Monotonic.Ticks;

        // Timers created from here on have a sequence >= barrier; they wait for the next call even
        // when due. They always sort after every timer that is due now (their deadline is >= now,
        // and on a tie their sequence is larger), so stopping at the first one loses nothing.
        long barrier = _nextSequence;
        int ran = 0;

        while (_heapCount > 0)
        {
            TimerHandle timer = _heap[0]!;
            if (timer.DeadlineTicks > now || timer.Sequence >= barrier)
            {
                break;
            }

            RemoveAt(0);
            if (timer.PeriodTicks > 0)
            {
                // Re-arm before the callback so the callback sees the next deadline and can cancel it.
                long periods = ((now - timer.StartTicks) / timer.PeriodTicks) + 1;
                timer.DeadlineTicks = timer.StartTicks + (periods * timer.PeriodTicks);
                Insert(timer);
            }

            Invoke(timer.Action, "timer");
            ran++;
        }

        return ran;
    }

    // The loop must survive any single faulty callback: one bad handler must not take the whole
    // device (and with it the failsafe) down.
#pragma warning disable CA1031
    private void Invoke(Action action, string kind)
    {
        try
        {
            action();
        }
        catch (Exception ex)
        {
            // ToString carries the exception type and stack without reflecting over it (banned
            // in the core); a faulty callback is a bug, so the stack is worth the line.
            _log.Error(kind + " callback threw " + ex.ToString());
        }
    }
#pragma warning restore CA1031

    private static bool Precedes(TimerHandle a, TimerHandle b) =>
        a.DeadlineTicks < b.DeadlineTicks || (a.DeadlineTicks == b.DeadlineTicks && a.Sequence < b.Sequence);

    private void Insert(TimerHandle timer)
    {
        int index = _heapCount++;
        Place(timer, index);
        SiftUp(index);
    }

    private void RemoveAt(int index)
    {
        TimerHandle removed = _heap[index]!;
        removed.HeapIndex = -1;

        int last = --_heapCount;
        TimerHandle moved = _heap[last]!;
        _heap[last] = null;

        if (index == last)
        {
            return;
        }

        Place(moved, index);
        if (index > 0 && Precedes(moved, _heap[(index - 1) / 2]!))
        {
            SiftUp(index);
        }
        else
        {
            SiftDown(index);
        }
    }

    private void SiftUp(int index)
    {
        TimerHandle timer = _heap[index]!;
        while (index > 0)
        {
            int parent = (index - 1) / 2;
            TimerHandle parentTimer = _heap[parent]!;
            if (!Precedes(timer, parentTimer))
            {
                break;
            }

            Place(parentTimer, index);
            index = parent;
        }

        Place(timer, index);
    }

    private void SiftDown(int index)
    {
        TimerHandle timer = _heap[index]!;
        while (true)
        {
            int child = (2 * index) + 1;
            if (child >= _heapCount)
            {
                break;
            }

            if (child + 1 < _heapCount && Precedes(_heap[child + 1]!, _heap[child]!))
            {
                child++;
            }

            TimerHandle childTimer = _heap[child]!;
            if (!Precedes(childTimer, timer))
            {
                break;
            }

            Place(childTimer, index);
            index = child;
        }

        Place(timer, index);
    }

    private void Place(TimerHandle timer, int index)
    {
        _heap[index] = timer;
        timer.HeapIndex = index;
    }
}
