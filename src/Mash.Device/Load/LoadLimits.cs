namespace Mash.Device.Load;

/// <summary>
/// The load control's own bounds and its "no value" sentinel. The EnergyControl feature declares
/// the same PICS numbers on the wire (EnergyControlFeature.*Seconds; a test keeps them equal).
/// </summary>
public static class LoadLimits
{
    /// <summary>
    /// "No limit" for a consumption limit in mW or a cap in W (effective limit, a zone's own limit,
    /// the power-on cap). Never a real value: limits are refused below 0.
    /// </summary>
    public const long NoLimit = long.MinValue;

    /// <summary>Zones the device stores (MASH.S.ZONE.MAX).</summary>
    public const int MaxZones = 5;

    /// <summary>Connections the device serves at once; each can carry a temporary (PASE-only) zone.</summary>
    public const int MaxConnections = 6;

    /// <summary>PICS MASH.S.DURATION.MAX.</summary>
    public const long DurationMaxSeconds = 86400;

    /// <summary>[63] failsafe-timing: failsafeDuration is 2 h to 24 h.</summary>
    public const long FailsafeDurationMinSeconds = 7200;

    /// <summary>[63] failsafe-timing: failsafeDuration is 2 h to 24 h.</summary>
    public const long FailsafeDurationMaxSeconds = 86400;

    /// <summary>PICS MASH.S.FAILSAFE.DURATION_DEFAULT: 4 h.</summary>
    public const long FailsafeDurationDefaultSeconds = 14400;
}
