using Mash.Protocol.Zones;

namespace Mash.Device.Load;

/// <summary>
/// Names of the load's enums for logs and refusal messages, spelled as on the host (nanoFramework's
/// Enum.ToString() prints numbers).
/// </summary>
public static class LoadNames
{
    public static string Of(ZoneType type) => type switch
    {
        ZoneType.GridOperator => "GridOperator",
        ZoneType.BuildingManager => "BuildingManager",
        ZoneType.HomeManager => "HomeManager",
        ZoneType.UserApp => "UserApp",
        _ => ((int)type).ToString(),
    };

    /// <summary>The [63] spelling, e.g. LIMITED.</summary>
    public static string Of(ControlState state) => state switch
    {
        ControlState.Autonomous => "AUTONOMOUS",
        ControlState.Controlled => "CONTROLLED",
        ControlState.Limited => "LIMITED",
        ControlState.Failsafe => "FAILSAFE",
        ControlState.Override => "OVERRIDE",
        _ => ((int)state).ToString(),
    };

    public static string Of(LimitCause cause) => cause switch
    {
        LimitCause.GridEmergency => "GridEmergency",
        LimitCause.GridOptimization => "GridOptimization",
        LimitCause.LocalProtection => "LocalProtection",
        LimitCause.LocalOptimization => "LocalOptimization",
        LimitCause.UserPreference => "UserPreference",
        _ => ((int)cause).ToString(),
    };
}
