namespace Mash.Device.Boards;

/// <summary>MASH mDNS device categories (the "cat" TXT key); values are the wire numbers.</summary>
public enum DeviceCategory
{
    Gcph = 1,
    Ems = 2,
    EMobility = 3,
    Hvac = 4,
    Inverter = 5,
    Appliance = 6,
    Metering = 7,
}
