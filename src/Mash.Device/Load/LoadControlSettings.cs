using System;

namespace Mash.Device.Load;

/// <summary>
/// Device defaults for the failsafe, used until a controller writes attributes 70 and 72 (what
/// a controller wrote is persisted and wins over these).
/// </summary>
public sealed class LoadControlSettings
{
    /// <summary>PICS MASH.S.FAILSAFE.DURATION_DEFAULT: 4 h.</summary>
    public static readonly TimeSpan DefaultFailsafeDuration = TimeSpan.FromSeconds(LoadLimits.FailsafeDurationDefaultSeconds);

    /// <summary>
    /// The failsafe consumption limit until a controller sets one: 0 mW, all stages off. The device
    /// cannot know the grid connection's safe value, so it falls back to the safest.
    /// </summary>
    public long FailsafeConsumptionLimitMw { get; set; }

    /// <summary>Time without any controller before the failsafe limit applies (7200..86400 s).</summary>
    public TimeSpan FailsafeDuration { get; set; } = DefaultFailsafeDuration;
}
