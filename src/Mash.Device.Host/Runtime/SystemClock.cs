using System;
using System.Diagnostics;
using Mash.Device.Runtime;

namespace Mash.Device.Host.Runtime;

/// <summary>
/// The host's real clock: monotonic time from the high-resolution counter (immune to the wall
/// clock being set), wall time from the operating system, which the host takes as synchronised.
/// </summary>
public sealed class SystemClock : IClock
{
    private readonly long _origin = Stopwatch.GetTimestamp();

    /// <summary>Time since this clock was created.</summary>
    public TimeSpan Monotonic => Stopwatch.GetElapsedTime(_origin);

    public DateTime UtcNow => DateTime.UtcNow;

    /// <summary>The operating system keeps the time (NTP); the host takes it as set.</summary>
    public bool IsSynchronised => true;
}
