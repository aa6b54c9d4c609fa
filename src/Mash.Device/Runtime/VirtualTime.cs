using System;

namespace Mash.Device.Runtime;

/// <summary>
/// Drives a <see cref="Scheduler"/> on a <see cref="VirtualClock"/> for tests: hours of timers
/// run instantly, and every timer runs with the clock exactly at its deadline.
/// </summary>
public static class VirtualTime
{
    /// <summary>
    /// Advances the clock by <paramref name="span"/>, stopping at each timer deadline on the way
    /// (so each timer observes <see cref="IClock.Monotonic"/> equal to its deadline) and at each
    /// instant running everything that becomes ready there, including events and zero-delay timers
    /// created by callbacks. Returns the number of callbacks run.
    /// </summary>
    public static int RunFor(Scheduler scheduler, VirtualClock clock, TimeSpan span)
    {
        ArgumentNullException.ThrowIfNull(scheduler, nameof(scheduler));
        ArgumentNullException.ThrowIfNull(clock, nameof(clock));
        if (span < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(span), "Virtual time cannot run backwards.");
        }

        TimeSpan end = clock.Monotonic + span;
        int ran = RunUntilIdle(scheduler);

        while (true)
        {
            if (!scheduler.HasNextDeadline || scheduler.NextDeadline > end)
            {
                break;
            }

            TimeSpan next = scheduler.NextDeadline;
            if (next > clock.Monotonic)
            {
                clock.Advance(next - clock.Monotonic);
            }

            ran += RunUntilIdle(scheduler);
        }

        clock.Advance(end - clock.Monotonic);
        ran += RunUntilIdle(scheduler);
        return ran;
    }

    /// <summary>
    /// Without moving the clock, runs pending events and due timers until none are left, the way a
    /// host loop would spin before going back to sleep. Returns the number of callbacks run.
    /// </summary>
    public static int RunUntilIdle(Scheduler scheduler)
    {
        ArgumentNullException.ThrowIfNull(scheduler, nameof(scheduler));

        int ran = scheduler.RunPending();
        while (scheduler.HasPendingEvents || IsTimerDue(scheduler))
        {
            ran += scheduler.RunPending();
        }

        return ran;
    }

    private static bool IsTimerDue(Scheduler scheduler)
    {
        return scheduler.HasNextDeadline && scheduler.NextDeadline <= scheduler.Clock.Monotonic;
    }
}
