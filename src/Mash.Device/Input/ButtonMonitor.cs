using System;
using Mash.Device.Diagnostics;
using Mash.Device.Runtime;

namespace Mash.Device.Input;

/// <summary>
/// Turns the local button's edges into actions: a short press opens the commissioning window, a
/// press held for the board's long-press time requests a factory reset. The long press fires while
/// the button is still held (as users expect from appliances), timed on the scheduler's clock.
/// Edges arrive from the platform (GPIO interrupt, or a signal on the host) as posted events.
/// </summary>
public sealed class ButtonMonitor
{
    private readonly Scheduler _scheduler;
    private readonly Logger _log;
    private readonly TimerHandle _longPress;
    private bool _down;
    private bool _longFired;
    private TimeSpan _lastShortRelease = TimeSpan.MinValue;

    public ButtonMonitor(Scheduler scheduler, TimeSpan longPress, ILogSink log)
    {
        _scheduler = scheduler;
        LongPress = longPress;
        _log = new Logger(log, "button");
        _longPress = scheduler.After(longPress, OnLongPress);
        _longPress.Cancel();
    }

    public TimeSpan LongPress { get; }

    public Action? ShortPressed { get; set; }

    public Action? LongPressed { get; set; }

    /// <summary>Two short presses within <see cref="DoublePressWindow"/>: the local override (load off) toggles.</summary>
    public Action? DoublePressed { get; set; }

    public static readonly TimeSpan DoublePressWindow = TimeSpan.FromSeconds(1);

    /// <summary>The button went down (scheduler thread).</summary>
    public void Pressed()
    {
        if (_down)
        {
            return;
        }

        _down = true;
        _longFired = false;
        _longPress.Restart(LongPress);
    }

    /// <summary>The button came up (scheduler thread).</summary>
    public void Released()
    {
        if (!_down)
        {
            return;
        }

        _down = false;
        _longPress.Cancel();
        if (!_longFired)
        {
            TimeSpan now = _scheduler.Clock.Monotonic;
            if (_lastShortRelease != TimeSpan.MinValue && now - _lastShortRelease <= DoublePressWindow)
            {
                _lastShortRelease = TimeSpan.MinValue;
                _log.Info("double press: toggling the local override");
                DoublePressed?.Invoke();
                return;
            }

            _lastShortRelease = now;
            _log.Info("short press: opening the commissioning window");
            ShortPressed?.Invoke();
        }
    }

    /// <summary>A complete short press, for platforms that only see clicks (a signal on the host).</summary>
    public void Clicked()
    {
        Pressed();
        Released();
    }

    private void OnLongPress()
    {
        _longFired = true;
        _log.Warn($"button held for {LongPress.TotalSeconds:F0} s: factory reset requested");
        LongPressed?.Invoke();
    }
}
