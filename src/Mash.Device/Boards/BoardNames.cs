namespace Mash.Device.Boards;

/// <summary>
/// The spelling of board enums in board files ("water-heater"). Kept in the core, without
/// reflection, so the host loader, a port and the validator's messages all agree.
/// </summary>
public static class BoardNames
{
    private static readonly string[] s_deviceTypes =
    {
        "evse", "heat-pump", "water-heater", "battery", "inverter", "flexible-load", "other",
    };

    private static readonly string[] s_endpointTypes =
    {
        "device-root", "grid-connection", "inverter", "pv-string", "battery", "ev-charger",
        "heat-pump", "water-heater", "hvac", "appliance", "sub-meter",
    };

    private static readonly string[] s_categories =
    {
        "gcph", "ems", "e-mobility", "hvac", "inverter", "appliance", "metering",
    };

    private static readonly string[] s_powerOnStates = { "off", "on", "restore-last" };

    private static readonly string[] s_gpioDrivers = { "sim", "gpiod", "native" };

    /// <summary>All accepted deviceType names, in wire-number order.</summary>
    public static string[] DeviceTypes => (string[])s_deviceTypes.Clone();

    public static string[] EndpointTypes => (string[])s_endpointTypes.Clone();

    public static string[] Categories => (string[])s_categories.Clone();

    public static string[] PowerOnStates => (string[])s_powerOnStates.Clone();

    public static string[] GpioDrivers => (string[])s_gpioDrivers.Clone();

    public static string Of(DeviceType value)
    {
        switch (value)
        {
            case DeviceType.Evse:
                return "evse";
            case DeviceType.HeatPump:
                return "heat-pump";
            case DeviceType.WaterHeater:
                return "water-heater";
            case DeviceType.Battery:
                return "battery";
            case DeviceType.Inverter:
                return "inverter";
            case DeviceType.FlexibleLoad:
                return "flexible-load";
            case DeviceType.Other:
                return "other";
            default:
                return "?" + ((int)value).ToString();
        }
    }

    public static string Of(EndpointType value)
    {
        int i = (int)value;
        return i >= 0 && i < s_endpointTypes.Length ? s_endpointTypes[i] : "?" + i.ToString();
    }

    public static string Of(DeviceCategory value)
    {
        int i = (int)value - 1;
        return i >= 0 && i < s_categories.Length ? s_categories[i] : "?" + ((int)value).ToString();
    }

    public static string Of(PowerOnState value)
    {
        int i = (int)value;
        return i >= 0 && i < s_powerOnStates.Length ? s_powerOnStates[i] : "?" + i.ToString();
    }

    public static string Of(GpioDriverKind value)
    {
        int i = (int)value;
        return i >= 0 && i < s_gpioDrivers.Length ? s_gpioDrivers[i] : "?" + i.ToString();
    }

    public static bool TryParse(string name, out DeviceType value)
    {
        int i = IndexOf(s_deviceTypes, name);
        // "other" is last in the list but 255 on the wire.
        value = i < 0 || i == s_deviceTypes.Length - 1 ? DeviceType.Other : (DeviceType)i;
        return i >= 0;
    }

    public static bool TryParse(string name, out EndpointType value)
    {
        int i = IndexOf(s_endpointTypes, name);
        value = (EndpointType)(i < 0 ? 0 : i);
        return i >= 0;
    }

    public static bool TryParse(string name, out DeviceCategory value)
    {
        int i = IndexOf(s_categories, name);
        value = (DeviceCategory)(i < 0 ? 1 : i + 1);
        return i >= 0;
    }

    public static bool TryParse(string name, out PowerOnState value)
    {
        int i = IndexOf(s_powerOnStates, name);
        value = (PowerOnState)(i < 0 ? 0 : i);
        return i >= 0;
    }

    public static bool TryParse(string name, out GpioDriverKind value)
    {
        int i = IndexOf(s_gpioDrivers, name);
        value = (GpioDriverKind)(i < 0 ? 0 : i);
        return i >= 0;
    }

    internal static bool IsDefined(DeviceType value) => Of(value)[0] != '?';

    internal static bool IsDefined(EndpointType value) => Of(value)[0] != '?';

    internal static bool IsDefined(DeviceCategory value) => Of(value)[0] != '?';

    internal static bool IsDefined(PowerOnState value) => Of(value)[0] != '?';

    internal static bool IsDefined(GpioDriverKind value) => Of(value)[0] != '?';

    private static int IndexOf(string[] names, string name)
    {
        for (int i = 0; i < names.Length; i++)
        {
            if (names[i] == name)
            {
                return i;
            }
        }

        return -1;
    }
}
