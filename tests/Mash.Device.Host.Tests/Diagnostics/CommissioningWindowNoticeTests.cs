using System;
using System.Linq;
using Mash.Device.Commissioning;
using Mash.Device.Host.Diagnostics;
using Mash.Device.Runtime;
using Xunit;

namespace Mash.Device.Host.Tests.Diagnostics;

/// <summary>The installer reads how long the window stays open and, when it closes, how to reopen it.</summary>
public sealed class CommissioningWindowNoticeTests
{
    private readonly VirtualClock _clock = new(new DateTime(2026, 12, 5, 12, 43, 0, DateTimeKind.Utc));
    private readonly CollectingLogSink _log = new();
    private readonly Scheduler _scheduler;
    private readonly CommissioningWindow _window;

    public CommissioningWindowNoticeTests()
    {
        _scheduler = new Scheduler(_clock, _log);
        _window = new CommissioningWindow(_scheduler, _log);
    }

    [Fact]
    public void Opening_says_for_how_long_until_when_and_how_to_reopen()
    {
        var notice = new CommissioningWindowNotice(_window, _clock, _log, hasButton: false, processId: 4242);
        _window.Changed = notice.Changed;

        _window.Open("not commissioned yet");

        Assert.Contains(
            "commissioning window open for 2 min (until 12:45:00 UTC); reopen with kill -USR1 4242 or --open-window",
            Messages());
    }

    [Fact]
    public void When_it_runs_out_the_close_line_says_how_to_reopen_it_with_the_button_if_there_is_one()
    {
        var notice = new CommissioningWindowNotice(_window, _clock, _log, hasButton: true, processId: 4242);
        _window.Changed = notice.Changed;
        _window.Open("button");

        _clock.Advance(CommissioningWindow.DefaultDuration);
        _scheduler.RunPending();

        Assert.False(_window.IsOpen);
        Assert.Equal(
            "commissioning window closed; to pair a controller, reopen it with a short press of the button, kill -USR1 4242 or --open-window",
            Messages()[^1]);
    }

    [Fact]
    public void The_start_up_line_gives_the_time_the_window_closes_even_when_logged_later()
    {
        var notice = new CommissioningWindowNotice(_window, _clock, _log, hasButton: false, processId: 7);
        _window.Open("not commissioned yet");
        _clock.Advance(TimeSpan.FromSeconds(30));

        notice.Opened();

        Assert.StartsWith("commissioning window open for 2 min (until 12:45:00 UTC)", Messages()[^1], StringComparison.Ordinal);
    }

    private string[] Messages() => _log.Lines.Where(l => l.Component == "window").Select(l => l.Message).ToArray();
}
