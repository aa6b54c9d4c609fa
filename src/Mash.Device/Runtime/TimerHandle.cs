using System;

namespace Mash.Device.Runtime;

/// <summary>
/// A timer created by <see cref="Scheduler.After"/> or <see cref="Scheduler.Every"/>. Like the
/// scheduler's timer methods, <see cref="Cancel"/> must only be called on the loop thread.
/// </summary>
public sealed class TimerHandle
{
    private readonly Scheduler _owner;

    internal TimerHandle(Scheduler owner, Action action, long startTicks, long deadlineTicks, long periodTicks, long sequence)
    {
        _owner = owner;
        Action = action;
        StartTicks = startTicks;
        DeadlineTicks = deadlineTicks;
        PeriodTicks = periodTicks;
        Sequence = sequence;
    }

    internal Action Action { get; }

    /// <summary>Monotonic time the timer was created; periodic deadlines are multiples from here.</summary>
    internal long StartTicks { get; }

    internal long DeadlineTicks { get; set; }

    /// <summary>Zero for a one-shot timer.</summary>
    internal long PeriodTicks { get; }

    /// <summary>Creation (or restart) order; breaks ties between equal deadlines.</summary>
    internal long Sequence { get; set; }

    /// <summary>Position in the scheduler's heap, or -1 while the timer is not scheduled.</summary>
    internal int HeapIndex { get; set; } = -1;

    /// <summary>
    /// True while the timer will still fire: false after <see cref="Cancel"/>, and false for a
    /// one-shot once it has fired (already during its own callback).
    /// </summary>
    public bool IsActive => HeapIndex >= 0;

    /// <summary>
    /// The monotonic time of the next fire. Inside a periodic timer's callback this is already the
    /// following deadline. After the timer became inactive it keeps the last deadline it had.
    /// </summary>
    public TimeSpan Deadline => TimeSpan.FromTicks(DeadlineTicks);

    /// <summary>Stops the timer. Safe to call more than once, after it fired, and from its own callback.</summary>
    public void Cancel() => _owner.Cancel(this);

    /// <summary>Re-arms this one-shot timer; see <see cref="Scheduler.Restart"/>.</summary>
    public void Restart(TimeSpan delay) => _owner.Restart(this, delay);
}
