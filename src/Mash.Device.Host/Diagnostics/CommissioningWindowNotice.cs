using System;
using System.Globalization;
using Mash.Device.Commissioning;
using Mash.Device.Diagnostics;
using Mash.Device.Runtime;

namespace Mash.Device.Host.Diagnostics;

/// <summary>
/// Tells the installer, before they need it, how long the commissioning window stays open, until
/// when, and how to open it again; and when it closes, how to reopen it. The window is short
/// (120 s, MASH.S.COMM.WINDOW_DURATION), so a pairing started a few minutes after power-up
/// otherwise fails with no hint why.
/// </summary>
public sealed class CommissioningWindowNotice
{
    private readonly CommissioningWindow _window;
    private readonly IClock _clock;
    private readonly Logger _log;
    private readonly string _reopen;

    /// <param name="hasButton">The board has a real button (GPIO); host-sim has none and uses signals.</param>
    /// <param name="processId">mash-load's PID, for the kill -USR1 hint.</param>
    public CommissioningWindowNotice(CommissioningWindow window, IClock clock, ILogSink log, bool hasButton, int processId)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(clock);
        _window = window;
        _clock = clock;
        _log = new Logger(log, "window");
        string pid = processId.ToString(CultureInfo.InvariantCulture);
        _reopen = hasButton ? $"a short press of the button, kill -USR1 {pid} or --open-window" : $"kill -USR1 {pid} or --open-window";
    }

    /// <summary>For <see cref="CommissioningWindow.Changed"/>.</summary>
    public void Changed(bool open)
    {
        if (open)
        {
            Opened();
        }
        else
        {
            _log.Info($"commissioning window closed; to pair a controller, reopen it with {_reopen}");
        }
    }

    /// <summary>The open line: how long it is open, until when (UTC, as the log's timestamps), how to reopen.</summary>
    public void Opened()
    {
        DateTimeOffset until = _clock.UtcNow + (_window.ClosesAt - _clock.Monotonic);
        _log.Info($"commissioning window open for {Describe(_window.Duration)} (until {until.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} UTC); "
            + $"reopen with {_reopen}");
    }

    private static string Describe(TimeSpan span)
    {
        long seconds = (long)Math.Round(span.TotalSeconds);
        return seconds >= 60 && seconds % 60 == 0
            ? $"{(seconds / 60).ToString(CultureInfo.InvariantCulture)} min"
            : $"{seconds.ToString(CultureInfo.InvariantCulture)} s";
    }
}
