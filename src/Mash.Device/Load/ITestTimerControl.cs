using System;

namespace Mash.Device.Load;

/// <summary>
/// What the test event triggers ask of the failsafe and duration timers (implemented by the
/// limits logic). Only reachable on a device configured with a test enable key.
/// </summary>
public interface ITestTimerControl
{
    /// <summary>The failsafe duration, running or next, becomes <paramref name="duration"/>.</summary>
    ControlResult ShortenFailsafe(TimeSpan duration);

    /// <summary>Every running duration timer ends within <paramref name="remaining"/>.</summary>
    ControlResult ShortenDurations(TimeSpan remaining);

    /// <summary>Back to the configured timings.</summary>
    ControlResult RestoreTimers();
}
