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
    /// Wall-clock time, UTC (<see cref="DateTimeKind.Utc"/>). May jump when the clock is set, so it
    /// is only for things that are defined in calendar time, such as certificate validity, never
    /// for timeouts. Meaningful only while <see cref="IsSynchronised"/>: before that it is whatever
    /// the real-time clock says (an ESP32 boots at 1970-01-01 until SNTP answers).
    /// </summary>
    DateTime UtcNow { get; }

    /// <summary>
    /// True when <see cref="UtcNow"/> is the real time (set from SNTP, a battery-backed RTC or the
    /// operating system). False on a device that has not learnt the time since it booted;
    /// certificate checks then use the last-known-good time (docs/commissioning.md).
    /// </summary>
    bool IsSynchronised { get; }
}
