namespace Mash.Device.Load;

/// <summary>EnergyControl controlState (attribute 2); values are the wire numbers.</summary>
public enum ControlState
{
    /// <summary>No controller in charge.</summary>
    Autonomous = 0,

    /// <summary>A controller is connected, no limit active.</summary>
    Controlled = 1,

    /// <summary>A limit is applied.</summary>
    Limited = 2,

    /// <summary>Every controller is gone; the failsafe limit applies. This is the device's failsafe indication.</summary>
    Failsafe = 3,

    /// <summary>The device overrides limits for its own protection.</summary>
    Override = 4,
}
