using System;
using System.Diagnostics;
using Mash.Device.Runtime;

namespace Mash.Device.Host.Runtime;

/// <summary>
/// The host's real clock: monotonic time from the high-resolution counter (immune to the wall
/// clock being set), wall time from the operating system.
/// </summary>
public sealed class SystemClock : IClock
{
    private readonly long _origin = Stopwatch.GetTimestamp();

    /// <summary>Time since this clock was created.</summary>
    public TimeSpan Monotonic => Stopwatch.GetElapsedTime(_origin);

    public DateTimeOffset UtcNow => DateTimeOffset.UtcNow;
}
