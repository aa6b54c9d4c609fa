using System;
using Mash.Protocol.Portable;

namespace Mash.Device.Runtime;

/// <summary>
/// A clock that only moves when told to, for tests. Monotonic time starts at zero and the wall
/// clock moves in lock-step with it. Not thread-safe: drive it from the test thread only.
/// </summary>
public sealed class VirtualClock : IClock
{
    /// <summary>A fixed default start so test output does not depend on the day it runs.</summary>
    public static readonly DateTime DefaultUtcStart = UnixSeconds.ToDateTime(1735689600); // 2025-01-01T00:00:00Z

    private DateTime _utcStart;
    private TimeSpan _monotonic;

    public VirtualClock()
        : this(DefaultUtcStart)
    {
    }

    public VirtualClock(DateTime utcStart)
    {
        _utcStart = utcStart;
        IsSynchronised = true;
    }

    public TimeSpan Monotonic => _monotonic;

    public DateTime UtcNow => _utcStart + _monotonic;

    /// <summary>Synchronised unless a test says otherwise (a device before SNTP answered).</summary>
    public bool IsSynchronised { get; set; }

    /// <summary>Moves time forward; a monotonic clock cannot go back, so negative steps throw.</summary>
    public void Advance(TimeSpan by)
    {
        if (by < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(by), "A monotonic clock cannot move backwards.");
        }

        _monotonic += by;
    }

    /// <summary>Sets the wall clock (as SNTP would), leaving monotonic time alone.</summary>
    public void SetUtcNow(DateTime utcNow, bool synchronised)
    {
        _utcStart = utcNow - _monotonic;
        IsSynchronised = synchronised;
    }
}
