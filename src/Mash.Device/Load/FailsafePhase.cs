namespace Mash.Device.Load;

/// <summary>Where the device is on the way to the failsafe limit; persisted in <see cref="FailsafeRecord"/>.</summary>
public enum FailsafePhase
{
    /// <summary>A controller is connected, or no zone is commissioned: nothing counts down.</summary>
    Idle = 0,

    /// <summary>No controller is connected; the failsafe timer counts down.</summary>
    TimerRunning = 1,

    /// <summary>The timer ran out: the failsafe limit applies until a controller sets or clears a limit.</summary>
    Active = 2,
}
