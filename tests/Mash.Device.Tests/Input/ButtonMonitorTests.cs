using System;
using Mash.Device.Diagnostics;
using Mash.Device.Input;
using Mash.Device.Runtime;

namespace Mash.Device.Tests.Input;

public class ButtonMonitorTests
{
    private readonly VirtualClock _clock = new();
    private readonly Scheduler _scheduler;
    private readonly ButtonMonitor _button;
    private int _short;
    private int _long;
    private int _double;

    public ButtonMonitorTests()
    {
        _scheduler = new Scheduler(_clock, NullLogSink.Instance);
        _button = new ButtonMonitor(_scheduler, TimeSpan.FromSeconds(10), NullLogSink.Instance)
        {
            ShortPressed = () => _short++,
            LongPressed = () => _long++,
            DoublePressed = () => _double++,
        };
    }

    [Fact]
    public void A_short_press_opens_the_window_on_release()
    {
        _button.Pressed();
        VirtualTime.RunFor(_scheduler, _clock, TimeSpan.FromSeconds(2));
        Assert.Equal(0, _short);
        _button.Released();
        Assert.Equal(1, _short);
        Assert.Equal(0, _long);
    }

    [Fact]
    public void Holding_for_the_long_press_time_requests_a_reset_while_still_held_and_not_a_short_press()
    {
        _button.Pressed();
        VirtualTime.RunFor(_scheduler, _clock, TimeSpan.FromSeconds(9.9));
        Assert.Equal(0, _long);
        VirtualTime.RunFor(_scheduler, _clock, TimeSpan.FromSeconds(0.1));
        Assert.Equal(1, _long);
        _button.Released();
        Assert.Equal(0, _short);
    }

    [Fact]
    public void A_click_counts_as_a_short_press_and_bounces_are_ignored()
    {
        _button.Clicked();
        _button.Released();
        Assert.Equal(1, _short);
    }

    [Fact]
    public void Two_short_presses_within_a_second_toggle_the_override_and_slower_ones_do_not()
    {
        _button.Clicked();
        VirtualTime.RunFor(_scheduler, _clock, TimeSpan.FromSeconds(0.5));
        _button.Clicked();
        Assert.Equal(1, _double);
        Assert.Equal(1, _short);

        VirtualTime.RunFor(_scheduler, _clock, TimeSpan.FromSeconds(5));
        _button.Clicked();
        VirtualTime.RunFor(_scheduler, _clock, TimeSpan.FromSeconds(1.5));
        _button.Clicked();
        Assert.Equal(1, _double);
        Assert.Equal(3, _short);
    }
}
