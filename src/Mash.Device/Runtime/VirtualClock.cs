using System;

namespace Mash.Device.Runtime;

/// <summary>
/// A clock that only moves when told to, for tests. Monotonic time starts at zero and the wall
/// clock moves in lock-step with it. Not thread-safe: drive it from the test thread only.
/// </summary>
public sealed class VirtualClock : IClock
{
    /// <summary>A fixed default start so test output does not depend on the day it runs.</summary>
    public static readonly DateTimeOffset DefaultUtcStart = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly DateTimeOffset _utcStart;
    private TimeSpan _monotonic;

    public VirtualClock()
        : this(DefaultUtcStart)
    {
    }

    public VirtualClock(DateTimeOffset utcStart)
    {
        _utcStart = utcStart;
    }

    public TimeSpan Monotonic => _monotonic;

    public DateTimeOffset UtcNow => _utcStart + _monotonic;

    /// <summary>Moves time forward; a monotonic clock cannot go back, so negative steps throw.</summary>
    public void Advance(TimeSpan by)
    {
        if (by < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(by), "A monotonic clock cannot move backwards.");
        }

        _monotonic += by;
    }
}
