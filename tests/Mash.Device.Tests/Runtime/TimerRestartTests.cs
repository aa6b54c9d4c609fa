using System;
using System.Collections.Generic;
using Mash.Device.Diagnostics;
using Mash.Device.Runtime;

namespace Mash.Device.Tests.Runtime;

public class TimerRestartTests
{
    private readonly VirtualClock _clock = new();
    private readonly Scheduler _scheduler;

    public TimerRestartTests() => _scheduler = new Scheduler(_clock, NullLogSink.Instance);

    [Fact]
    public void Restarting_a_pending_timer_moves_its_deadline()
    {
        var fired = new List<TimeSpan>();
        TimerHandle t = _scheduler.After(TimeSpan.FromSeconds(10), () => fired.Add(_clock.Monotonic));
        VirtualTime.RunFor(_scheduler, _clock, TimeSpan.FromSeconds(5));
        t.Restart(TimeSpan.FromSeconds(10));
        VirtualTime.RunFor(_scheduler, _clock, TimeSpan.FromSeconds(20));
        Assert.Equal(new[] { TimeSpan.FromSeconds(15) }, fired);
    }

    [Fact]
    public void A_fired_or_cancelled_timer_can_be_armed_again()
    {
        int count = 0;
        TimerHandle t = _scheduler.After(TimeSpan.FromSeconds(1), () => count++);
        VirtualTime.RunFor(_scheduler, _clock, TimeSpan.FromSeconds(2));
        t.Restart(TimeSpan.FromSeconds(1));
        t.Cancel();
        t.Restart(TimeSpan.FromSeconds(1));
        VirtualTime.RunFor(_scheduler, _clock, TimeSpan.FromSeconds(2));
        Assert.Equal(2, count);
        Assert.False(t.IsActive);
    }

    [Fact]
    public void Periodic_timers_cannot_be_restarted()
    {
        TimerHandle t = _scheduler.Every(TimeSpan.FromSeconds(1), () => { });
        Assert.Throws<ArgumentException>(() => t.Restart(TimeSpan.FromSeconds(1)));
    }
}
