using System;

namespace Mash.Device.Runtime;

/// <summary>
/// Platform seam for time. The core never reads a system clock itself, so tests can run hours of
/// timers in milliseconds and a port can use whatever counter its hardware has.
/// </summary>
public interface IClock
{
    /// <summary>
    /// Time since an arbitrary origin that never jumps backwards (not affected by NTP or the user
    /// setting the date). All timers are keyed on this.
    /// </summary>
    TimeSpan Monotonic { get; }

    /// <summary>
    /// Wall-clock time. May jump when the clock is set, so it is only for things that are defined
    /// in calendar time, such as certificate validity, never for timeouts.
    /// </summary>
    DateTimeOffset UtcNow { get; }
}
