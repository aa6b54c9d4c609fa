using System;
using Mash.Device.Runtime;

namespace Mash.Device.Diagnostics;

/// <summary>
/// A log line that a peer can trigger at request rate (a malformed request, a wrong test key).
/// The first occurrence is written at once; later ones within the window are only counted, and
/// when the window ends one line sums them up: "first message (repeated 512 times in the last
/// 10 s)". A flood of any length so yields one line per window, on a device whose log goes to a
/// serial console or flash. Counting allocates nothing: callers ask <see cref="ShouldWrite"/>
/// before formatting the message. Windows run on the scheduler clock. Loop thread only.
/// </summary>
public sealed class RepeatedLogLine
{
    /// <summary>Window used unless a caller needs another.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromSeconds(10);

    private readonly Logger _log;
    private readonly LogLevel _level;
    private readonly Scheduler _scheduler;
    private readonly TimeSpan _window;
    private readonly Action _endWindow;
    private TimerHandle? _timer;
    private string? _first;
    private long _repeats;
    private bool _open;

    public RepeatedLogLine(Logger log, LogLevel level, Scheduler scheduler)
        : this(log, level, scheduler, DefaultWindow)
    {
    }

    public RepeatedLogLine(Logger log, LogLevel level, Scheduler scheduler, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(log, nameof(log));
        ArgumentNullException.ThrowIfNull(scheduler, nameof(scheduler));
        _log = log;
        _level = level;
        _scheduler = scheduler;
        _window = window;
        if (_window <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(window), "The window must be positive.");
        }

        _endWindow = EndWindow;
    }

    /// <summary>
    /// Counts one occurrence. True when this one is to be written (then call <see cref="Write"/>),
    /// false when it was only counted or the level is off.
    /// </summary>
    public bool ShouldWrite()
    {
        if (!_log.IsEnabled(_level))
        {
            return false;
        }

        if (_open)
        {
            _repeats++;
            return false;
        }

        _open = true;
        _repeats = 0;
        if (_timer is null)
        {
            _timer = _scheduler.After(_window, _endWindow);
        }
        else
        {
            _timer.Restart(_window);
        }

        return true;
    }

    /// <summary>Writes the occurrence <see cref="ShouldWrite"/> admitted; its text heads the summary.</summary>
    public void Write(string message)
    {
        _first = message;
        _log.Write(_level, message);
    }

    private void EndWindow()
    {
        if (_repeats == 0)
        {
            _open = false;
            return;
        }

        _log.Write(
            _level,
            _first + " (repeated " + _repeats.ToString() + " times in the last " + ((long)_window.TotalSeconds).ToString() + " s)");

        // Still flooding, probably: the next window starts now and is summed up the same way, and
        // closes quietly once a window passes without a repeat.
        _repeats = 0;
        _timer!.Restart(_window);
    }
}
