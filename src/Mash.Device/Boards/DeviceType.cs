namespace Mash.Device.Boards;

/// <summary>MASH EnergyControl deviceType (attribute 1); values are the wire numbers.</summary>
public enum DeviceType
{
    Evse = 0,
    HeatPump = 1,
    WaterHeater = 2,
    Battery = 3,
    Inverter = 4,
    FlexibleLoad = 5,
    Other = 255,
}
