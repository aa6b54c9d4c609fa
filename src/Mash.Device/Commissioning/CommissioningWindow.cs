using System;
using Mash.Device.Diagnostics;
using Mash.Device.Runtime;

namespace Mash.Device.Commissioning;

/// <summary>The commissioning window opened (true) or closed (false).</summary>
public delegate void CommissioningWindowChanged(bool open);

/// <summary>
/// The time during which the device accepts commissioning (120 s, MASH.S.COMM.WINDOW_DURATION).
/// Opened on first boot while uncommissioned, by the button, by <c>mash-load --open-window</c> or
/// by a zone's command; closed when a zone is installed, when it runs out, or after too many
/// failed PASE attempts. Activity does not extend it (as the reference).
/// </summary>
public sealed class CommissioningWindow
{
    public static readonly TimeSpan DefaultDuration = TimeSpan.FromSeconds(120);

    private readonly Scheduler _scheduler;
    private readonly Logger _log;
    private readonly TimerHandle _timer;

    public CommissioningWindow(Scheduler scheduler, ILogSink log)
        : this(scheduler, log, DefaultDuration)
    {
    }

    public CommissioningWindow(Scheduler scheduler, ILogSink log, TimeSpan duration)
    {
        _scheduler = scheduler;
        _log = new Logger(log, "window");
        Duration = duration;
        _timer = scheduler.After(Duration, () => Close("timed out"));
        _timer.Cancel();
    }

    public TimeSpan Duration { get; }

    public bool IsOpen { get; private set; }

    /// <summary>Monotonic time the window closes, while open.</summary>
    public TimeSpan ClosesAt { get; private set; }

    /// <summary>Raised with the new state whenever the window opens or closes (mDNS follows it).</summary>
    public CommissioningWindowChanged? Changed { get; set; }

    /// <summary>Opens the window for <see cref="Duration"/> (from now, also when already open).</summary>
    public void Open(string reason)
    {
        ClosesAt = _scheduler.Clock.Monotonic + Duration;
        _timer.Restart(Duration);
        bool wasOpen = IsOpen;
        IsOpen = true;
        _log.Info($"commissioning window open for {CommissioningTimeouts.Seconds(Duration)} s ({reason})");
        if (!wasOpen)
        {
            Changed?.Invoke(true);
        }
    }

    public void Close(string reason)
    {
        _timer.Cancel();
        if (!IsOpen)
        {
            return;
        }

        IsOpen = false;
        _log.Info($"commissioning window closed ({reason})");
        Changed?.Invoke(false);
    }
}
