namespace Mash.Device.Model;

/// <summary>Status operatingState (attribute 1); values are the wire numbers.</summary>
public enum OperatingState
{
    Unknown = 0,
    Offline = 1,
    Standby = 2,
    Starting = 3,
    Running = 4,
    Paused = 5,
    ShuttingDown = 6,
    Fault = 7,
    Maintenance = 8,
}
