using System;
using System.Collections.Generic;
using System.Diagnostics;
using Mash.Device.Diagnostics;
using Mash.Device.Runtime;

namespace Mash.Device.Tests.Runtime;

public class VirtualTimeTests
{
    private readonly VirtualClock _clock = new();
    private readonly Scheduler _scheduler;

    public VirtualTimeTests()
    {
        _scheduler = new Scheduler(_clock, NullLogSink.Instance);
    }

    [Fact]
    public void A_simulated_day_fires_every_timer_exactly_on_its_grid_in_well_under_a_second()
    {
        var everySecond = new List<TimeSpan>();
        var every30Seconds = new List<TimeSpan>();
        var every7Minutes = new List<TimeSpan>();
        var fourHours = new List<TimeSpan>();
        var afterCancel = new List<TimeSpan>();

        // Timers created at an odd instant prove the grid is anchored at creation, not at zero.
        _clock.Advance(TimeSpan.FromMilliseconds(250));
        TimeSpan start = _clock.Monotonic;
        _scheduler.Every(TimeSpan.FromSeconds(1), () => everySecond.Add(_clock.Monotonic));
        _scheduler.Every(TimeSpan.FromSeconds(30), () => every30Seconds.Add(_clock.Monotonic));
        _scheduler.Every(TimeSpan.FromMinutes(7), () => every7Minutes.Add(_clock.Monotonic));
        _scheduler.After(TimeSpan.FromHours(4), () => fourHours.Add(_clock.Monotonic));
        var cancelled = _scheduler.Every(TimeSpan.FromMinutes(1), () => afterCancel.Add(_clock.Monotonic));
        _scheduler.After(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(30), cancelled.Cancel);

        var stopwatch = Stopwatch.StartNew();
        int ran = VirtualTime.RunFor(_scheduler, _clock, TimeSpan.FromHours(24));
        stopwatch.Stop();

        Assert.Equal(86_400, everySecond.Count);
        Assert.Equal(2_880, every30Seconds.Count);
        Assert.Equal(205, every7Minutes.Count);
        Assert.Equal(new[] { start + TimeSpan.FromHours(4) }, fourHours);
        Assert.Equal(60, afterCancel.Count);
        Assert.Equal(86_400 + 2_880 + 205 + 1 + 60 + 1, ran);

        AssertOnGrid(everySecond, start, TimeSpan.FromSeconds(1));
        AssertOnGrid(every30Seconds, start, TimeSpan.FromSeconds(30));
        AssertOnGrid(every7Minutes, start, TimeSpan.FromMinutes(7));
        AssertOnGrid(afterCancel, start, TimeSpan.FromMinutes(1));

        Assert.Equal(start + TimeSpan.FromHours(24), _clock.Monotonic);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(1), $"24 h of virtual time took {stopwatch.Elapsed}");
    }

    [Fact]
    public void Running_for_a_span_stops_at_its_end_and_leaves_later_timers_pending()
    {
        int fires = 0;
        _scheduler.After(TimeSpan.FromSeconds(10), () => fires++);
        _scheduler.After(TimeSpan.FromSeconds(10) + TimeSpan.FromTicks(1), () => fires++);

        Assert.Equal(1, VirtualTime.RunFor(_scheduler, _clock, TimeSpan.FromSeconds(10)));

        Assert.Equal(1, fires);
        Assert.Equal(TimeSpan.FromSeconds(10), _clock.Monotonic);
        Assert.Equal(TimeSpan.FromSeconds(10) + TimeSpan.FromTicks(1), _scheduler.NextDeadline);
    }

    [Fact]
    public void Work_a_timer_hands_on_runs_at_the_same_instant_before_time_moves_on()
    {
        var seen = new List<(string What, TimeSpan At)>();
        _scheduler.After(TimeSpan.FromSeconds(5), () =>
        {
            seen.Add(("timer", _clock.Monotonic));
            _scheduler.Post(() =>
            {
                seen.Add(("event", _clock.Monotonic));
                _scheduler.After(TimeSpan.Zero, () => seen.Add(("follow-up", _clock.Monotonic)));
            });
        });
        _scheduler.After(TimeSpan.FromSeconds(6), () => seen.Add(("later", _clock.Monotonic)));

        Assert.Equal(4, VirtualTime.RunFor(_scheduler, _clock, TimeSpan.FromMinutes(1)));

        var five = TimeSpan.FromSeconds(5);
        Assert.Equal(
            new[] { ("timer", five), ("event", five), ("follow-up", five), ("later", TimeSpan.FromSeconds(6)) },
            seen.ToArray());
    }

    [Fact]
    public void Running_until_idle_drains_posted_work_without_moving_the_clock()
    {
        var order = new List<int>();
        _scheduler.Post(() =>
        {
            order.Add(1);
            _scheduler.Post(() => order.Add(2));
        });
        _scheduler.After(TimeSpan.FromTicks(1), () => order.Add(3));

        Assert.Equal(2, VirtualTime.RunUntilIdle(_scheduler));

        Assert.Equal(new[] { 1, 2 }, order);
        Assert.Equal(TimeSpan.Zero, _clock.Monotonic);
    }

    private static void AssertOnGrid(List<TimeSpan> fires, TimeSpan start, TimeSpan period)
    {
        for (int k = 0; k < fires.Count; k++)
        {
            TimeSpan expected = start + ((k + 1) * period);
            if (fires[k] != expected)
            {
                Assert.Fail($"fire {k + 1} of the {period} timer happened at {fires[k]}, expected {expected}");
            }
        }
    }
}
