namespace Mash.Device.Load;

/// <summary>The cause a controller gives with SetLimit ([63] LimitCauseEnum); logged, not stored.</summary>
public enum LimitCause
{
    GridEmergency = 0,
    GridOptimization = 1,
    LocalProtection = 2,
    LocalOptimization = 3,
    UserPreference = 4,
}
