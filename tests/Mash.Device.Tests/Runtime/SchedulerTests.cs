using System;
using System.Collections.Generic;
using Mash.Device.Diagnostics;
using Mash.Device.Runtime;

namespace Mash.Device.Tests.Runtime;

public class SchedulerTests
{
    private readonly VirtualClock _clock = new();
    private readonly RecordingLogSink _log = new();
    private readonly List<string> _ran = new();

    private Scheduler NewScheduler(int timerCapacity = Scheduler.DefaultTimerCapacity, int eventCapacity = Scheduler.DefaultEventCapacity) =>
        new(_clock, _log, timerCapacity, eventCapacity);

    [Fact]
    public void Posted_events_run_in_the_order_they_were_posted()
    {
        var scheduler = NewScheduler();
        for (int i = 0; i < 5; i++)
        {
            int n = i;
            scheduler.Post(() => _ran.Add($"e{n}"));
        }

        Assert.Equal(5, scheduler.RunPending());
        Assert.Equal(new[] { "e0", "e1", "e2", "e3", "e4" }, _ran);
        Assert.Equal(0, scheduler.RunPending());
    }

    [Fact]
    public void Events_run_before_due_timers_in_the_same_pass()
    {
        var scheduler = NewScheduler();
        scheduler.After(TimeSpan.Zero, () => _ran.Add("timer"));
        scheduler.Post(() => _ran.Add("event"));

        scheduler.RunPending();

        Assert.Equal(new[] { "event", "timer" }, _ran);
    }

    [Fact]
    public void An_event_posted_by_an_event_runs_in_the_next_pass()
    {
        var scheduler = NewScheduler();
        scheduler.Post(() =>
        {
            _ran.Add("first");
            scheduler.Post(() => _ran.Add("second"));
        });

        Assert.Equal(1, scheduler.RunPending());
        Assert.Equal(new[] { "first" }, _ran);
        Assert.True(scheduler.HasPendingEvents);

        Assert.Equal(1, scheduler.RunPending());
        Assert.Equal(new[] { "first", "second" }, _ran);
        Assert.False(scheduler.HasPendingEvents);
    }

    [Fact]
    public void Due_timers_run_in_deadline_order_and_equal_deadlines_in_creation_order()
    {
        var scheduler = NewScheduler();
        scheduler.After(TimeSpan.FromSeconds(3), () => _ran.Add("3s"));
        scheduler.After(TimeSpan.FromSeconds(1), () => _ran.Add("1s-a"));
        scheduler.After(TimeSpan.FromSeconds(2), () => _ran.Add("2s"));
        scheduler.After(TimeSpan.FromSeconds(1), () => _ran.Add("1s-b"));
        scheduler.After(TimeSpan.FromSeconds(1), () => _ran.Add("1s-c"));

        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(4, scheduler.RunPending());
        Assert.Equal(new[] { "1s-a", "1s-b", "1s-c", "2s" }, _ran);

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, scheduler.RunPending());
        Assert.Equal("3s", _ran[^1]);
    }

    [Fact]
    public void A_timer_does_not_fire_before_its_deadline()
    {
        var scheduler = NewScheduler();
        scheduler.After(TimeSpan.FromSeconds(1), () => _ran.Add("fired"));

        _clock.Advance(TimeSpan.FromSeconds(1) - TimeSpan.FromTicks(1));
        Assert.Equal(0, scheduler.RunPending());

        _clock.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(1, scheduler.RunPending());
        Assert.Equal(new[] { "fired" }, _ran);
    }

    [Fact]
    public void Many_timers_with_cancellations_fire_in_deadline_then_creation_order()
    {
        var scheduler = NewScheduler();
        var random = new Random(1234);
        var expected = new List<(long Deadline, int Id)>();
        var fired = new List<int>();
        var handles = new List<(TimerHandle Handle, long Deadline, int Id)>();

        for (int id = 0; id < 200; id++)
        {
            int n = id;
            long deadline = random.Next(0, 50) * TimeSpan.TicksPerMillisecond;
            handles.Add((scheduler.After(TimeSpan.FromTicks(deadline), () => fired.Add(n)), deadline, n));
        }

        foreach (var (handle, deadline, id) in handles)
        {
            if (random.Next(4) == 0)
            {
                handle.Cancel();
            }
            else
            {
                expected.Add((deadline, id));
            }
        }

        expected.Sort();
        _clock.Advance(TimeSpan.FromMilliseconds(50));
        scheduler.RunPending();

        Assert.Equal(expected.ConvertAll(e => e.Id), fired);
        Assert.False(scheduler.HasNextDeadline);
        Assert.Equal(Scheduler.NoDeadline, scheduler.NextDeadline);
    }

    [Fact]
    public void A_one_shot_fires_once_and_is_inactive_afterwards()
    {
        var scheduler = NewScheduler();
        bool activeDuringCallback = true;
        TimerHandle? timer = null;
        timer = scheduler.After(TimeSpan.FromSeconds(1), () =>
        {
            _ran.Add("fired");
            activeDuringCallback = timer!.IsActive;
        });
        Assert.True(timer.IsActive);
        Assert.Equal(TimeSpan.FromSeconds(1), timer.Deadline);

        VirtualTime.RunFor(scheduler, _clock, TimeSpan.FromMinutes(10));

        Assert.Equal(new[] { "fired" }, _ran);
        Assert.False(activeDuringCallback);
        Assert.False(timer.IsActive);
        Assert.False(scheduler.HasNextDeadline);
    }

    [Fact]
    public void A_timer_cancelled_before_its_deadline_never_fires_and_cancelling_twice_is_harmless()
    {
        var scheduler = NewScheduler();
        var timer = scheduler.After(TimeSpan.FromSeconds(1), () => _ran.Add("cancelled"));
        scheduler.After(TimeSpan.FromSeconds(2), () => _ran.Add("kept"));

        timer.Cancel();
        timer.Cancel();

        Assert.False(timer.IsActive);
        Assert.Equal(TimeSpan.FromSeconds(2), scheduler.NextDeadline);
        VirtualTime.RunFor(scheduler, _clock, TimeSpan.FromSeconds(5));
        Assert.Equal(new[] { "kept" }, _ran);
    }

    [Fact]
    public void Cancelling_a_one_shot_after_it_fired_does_nothing()
    {
        var scheduler = NewScheduler();
        var timer = scheduler.After(TimeSpan.Zero, () => _ran.Add("fired"));
        var other = scheduler.After(TimeSpan.FromSeconds(1), () => _ran.Add("other"));
        scheduler.RunPending();

        timer.Cancel();

        Assert.True(other.IsActive);
        VirtualTime.RunFor(scheduler, _clock, TimeSpan.FromSeconds(1));
        Assert.Equal(new[] { "fired", "other" }, _ran);
    }

    [Fact]
    public void A_periodic_timer_can_cancel_itself_from_its_own_callback()
    {
        var scheduler = NewScheduler();
        int fires = 0;
        TimerHandle? timer = null;
        timer = scheduler.Every(TimeSpan.FromSeconds(1), () =>
        {
            fires++;
            if (fires == 3)
            {
                timer!.Cancel();
            }
        });

        VirtualTime.RunFor(scheduler, _clock, TimeSpan.FromSeconds(10));

        Assert.Equal(3, fires);
        Assert.False(timer.IsActive);
        Assert.False(scheduler.HasNextDeadline);
    }

    [Fact]
    public void Inside_a_periodic_callback_the_deadline_is_already_the_next_one()
    {
        var scheduler = NewScheduler();
        var seen = new List<TimeSpan>();
        TimerHandle? timer = null;
        timer = scheduler.Every(TimeSpan.FromSeconds(2), () => seen.Add(timer!.Deadline));

        VirtualTime.RunFor(scheduler, _clock, TimeSpan.FromSeconds(4));

        Assert.Equal(new[] { TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(6) }, seen);
    }

    [Fact]
    public void A_zero_delay_timer_created_by_a_callback_runs_in_the_next_pass_not_the_current_one()
    {
        var scheduler = NewScheduler();
        scheduler.After(TimeSpan.Zero, () =>
        {
            _ran.Add("outer");
            scheduler.After(TimeSpan.Zero, () => _ran.Add("inner"));
        });

        Assert.Equal(1, scheduler.RunPending());
        Assert.Equal(new[] { "outer" }, _ran);
        Assert.Equal(_clock.Monotonic, scheduler.NextDeadline);

        Assert.Equal(1, scheduler.RunPending());
        Assert.Equal(new[] { "outer", "inner" }, _ran);
    }

    [Fact]
    public void A_late_periodic_timer_fires_once_and_resumes_on_its_original_grid()
    {
        var scheduler = NewScheduler();
        var fireTimes = new List<TimeSpan>();
        _clock.Advance(TimeSpan.FromMilliseconds(300));
        var timer = scheduler.Every(TimeSpan.FromSeconds(1), () => fireTimes.Add(_clock.Monotonic));

        // The loop was blocked for 3.5 periods.
        _clock.Advance(TimeSpan.FromMilliseconds(3500));
        Assert.Equal(1, scheduler.RunPending());
        Assert.Equal(TimeSpan.FromMilliseconds(4300), timer.Deadline);

        VirtualTime.RunFor(scheduler, _clock, TimeSpan.FromSeconds(2));

        Assert.Equal(
            new[] { TimeSpan.FromMilliseconds(3800), TimeSpan.FromMilliseconds(4300), TimeSpan.FromMilliseconds(5300) },
            fireTimes);
    }

    [Fact]
    public void A_callback_that_throws_is_logged_as_an_error_and_the_loop_goes_on()
    {
        var scheduler = NewScheduler();
        scheduler.Post(() => throw new InvalidOperationException("relay driver exploded"));
        scheduler.Post(() => _ran.Add("event after"));
        scheduler.After(TimeSpan.Zero, () => throw new ArgumentException("bad limit"));
        scheduler.After(TimeSpan.Zero, () => _ran.Add("timer after"));

        Assert.Equal(4, scheduler.RunPending());

        Assert.Equal(new[] { "event after", "timer after" }, _ran);
        var errors = _log.Lines.FindAll(l => l.Level == LogLevel.Error);
        Assert.Equal(2, errors.Count);
        Assert.Contains("relay driver exploded", errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("bad limit", errors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_periodic_timer_that_throws_keeps_firing()
    {
        var scheduler = NewScheduler();
        int fires = 0;
        scheduler.Every(TimeSpan.FromSeconds(1), () =>
        {
            fires++;
            throw new InvalidOperationException("measurement failed");
        });

        VirtualTime.RunFor(scheduler, _clock, TimeSpan.FromSeconds(3));

        Assert.Equal(3, fires);
    }

    [Fact]
    public void Creating_more_timers_than_the_capacity_throws_and_cancelled_timers_free_their_slot()
    {
        var scheduler = NewScheduler(timerCapacity: 3);
        var first = scheduler.After(TimeSpan.FromSeconds(1), () => { });
        scheduler.Every(TimeSpan.FromSeconds(1), () => { });
        scheduler.After(TimeSpan.FromSeconds(1), () => { });

        var error = Assert.Throws<InvalidOperationException>(() => scheduler.After(TimeSpan.FromSeconds(1), () => { }));
        Assert.Contains("capacity (3 timers)", error.Message, StringComparison.Ordinal);

        first.Cancel();
        Assert.True(scheduler.After(TimeSpan.FromSeconds(1), () => { }).IsActive);
    }

    [Fact]
    public void Posting_more_events_than_the_capacity_throws()
    {
        var scheduler = NewScheduler(eventCapacity: 2);
        scheduler.Post(() => _ran.Add("a"));
        scheduler.Post(() => _ran.Add("b"));

        var error = Assert.Throws<InvalidOperationException>(() => scheduler.Post(() => _ran.Add("c")));
        Assert.Contains("event queue is full (2 events)", error.Message, StringComparison.Ordinal);

        scheduler.RunPending();
        scheduler.Post(() => _ran.Add("d"));
        scheduler.RunPending();
        Assert.Equal(new[] { "a", "b", "d" }, _ran);
    }

    [Fact]
    public void A_wake_is_requested_on_post_and_when_a_new_timer_becomes_the_earliest()
    {
        var scheduler = NewScheduler();
        int wakes = 0;
        scheduler.WakeRequested = () => wakes++;

        scheduler.Post(() => { });
        Assert.Equal(1, wakes);

        scheduler.After(TimeSpan.FromSeconds(10), () => { });
        Assert.Equal(2, wakes);

        scheduler.After(TimeSpan.FromSeconds(20), () => { });
        Assert.Equal(2, wakes);

        scheduler.Every(TimeSpan.FromSeconds(5), () => { });
        Assert.Equal(3, wakes);
        Assert.Equal(TimeSpan.FromSeconds(5), scheduler.NextDeadline);
    }

    [Fact]
    public void Invalid_delays_and_periods_are_refused()
    {
        var scheduler = NewScheduler();
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Throws<ArgumentOutOfRangeException>(() => scheduler.After(TimeSpan.FromTicks(-1), () => { }));
        Assert.Throws<ArgumentOutOfRangeException>(() => scheduler.Every(TimeSpan.Zero, () => { }));
        Assert.Throws<ArgumentOutOfRangeException>(() => scheduler.After(TimeSpan.MaxValue, () => { }).Cancel());
        Assert.False(scheduler.HasNextDeadline);
    }

    [Fact]
    public void Running_the_loop_from_inside_a_callback_is_refused()
    {
        var scheduler = NewScheduler();
        scheduler.Post(() => scheduler.RunPending());

        scheduler.RunPending();

        Assert.Contains(_log.Lines, l => l.Level == LogLevel.Error && l.Message.Contains("must not be called", StringComparison.Ordinal));
    }
}
