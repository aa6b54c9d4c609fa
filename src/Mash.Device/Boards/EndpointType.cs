namespace Mash.Device.Boards;

/// <summary>MASH endpoint types; values are the wire numbers. Endpoint 0 is always DeviceRoot.</summary>
public enum EndpointType
{
    DeviceRoot = 0,
    GridConnection = 1,
    Inverter = 2,
    PvString = 3,
    Battery = 4,
    EvCharger = 5,
    HeatPump = 6,
    WaterHeater = 7,
    Hvac = 8,
    Appliance = 9,
    SubMeter = 10,
}
