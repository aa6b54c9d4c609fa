using System;
using System.Collections;
using Mash.Device.Boards;
using Mash.Protocol.Portable;

namespace Mash.Device.Discovery;

/// <summary>
/// The TXT records of the MASH services. Keys follow the behaviour spec (discovery.md section 3)
/// plus the keys the seed PICS registry names (VP, CM, DT before commissioning; FW, EP, FM after);
/// browsers ignore keys they do not know, and the reference browser requires D, cat, serial,
/// brand and model, or ZI and DI.
/// </summary>
public static class MashTxt
{
    /// <summary>MASH.S.DISC.TXT_MAX_LEN: the whole record, every string with its length byte.</summary>
    public const int MaxTotalBytes = 400;

    public const int MaxKeyLength = 9;
    public const int MaxValueBytes = 200;

    /// <summary>
    /// D, cat, serial, brand, model, DN (when set), then VP ("%04x:%04x"), CM=1 and DT (the
    /// EnergyControl deviceType name, e.g. WATER_HEATER).
    /// </summary>
    public static string[] Commissionable(CommissionableAdvert advert)
    {
        ArgumentNullException.ThrowIfNull(advert);
        var txt = new ArrayList();
        Add(txt, "D", advert.Discriminator.ToString());
        Add(txt, "cat", Categories(advert.Categories));
        Add(txt, "serial", advert.Serial);
        Add(txt, "brand", advert.Brand);
        Add(txt, "model", advert.Model);
        if (!string.IsNullOrEmpty(advert.DeviceName))
        {
            Add(txt, "DN", advert.DeviceName!);
        }

        Add(txt, "VP", VendorProduct(advert.VendorId, advert.ProductId));
        Add(txt, "CM", "1");
        Add(txt, "DT", DeviceTypeName(advert.DeviceType));
        return Checked(txt);
    }

    /// <summary>ZI, DI, then VP, FW, EP and FM ("0x%04X").</summary>
    public static string[] Operational(OperationalAdvert device, OperationalZone zone)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(zone);
        var txt = new ArrayList();
        Add(txt, "ZI", zone.ZoneId);
        Add(txt, "DI", zone.DeviceId);
        Add(txt, "VP", VendorProduct(device.VendorId, device.ProductId));
        Add(txt, "FW", device.FirmwareVersion);
        Add(txt, "EP", device.EndpointCount.ToString());
        Add(txt, "FM", "0x" + HexDigits(device.FeatureMap, 4, upper: true));
        return Checked(txt);
    }

    /// <summary>Bytes on the wire: each string plus its length byte.</summary>
    public static int TotalBytes(string[] txt)
    {
        ArgumentNullException.ThrowIfNull(txt);
        int total = 0;
        foreach (string s in txt)
        {
            total += Utf8.GetByteCount(s) + 1;
        }

        return total;
    }

    /// <summary>The names of the EnergyControl deviceType values (attribute 1), as the DT key carries them.</summary>
    public static string DeviceTypeName(DeviceType type)
    {
        switch (type)
        {
            case DeviceType.Evse:
                return "EVSE";
            case DeviceType.HeatPump:
                return "HEAT_PUMP";
            case DeviceType.WaterHeater:
                return "WATER_HEATER";
            case DeviceType.Battery:
                return "BATTERY";
            case DeviceType.Inverter:
                return "INVERTER";
            case DeviceType.FlexibleLoad:
                return "FLEXIBLE_LOAD";
            default:
                return "OTHER";
        }
    }

    private static string Categories(DeviceCategory[] categories)
    {
        var text = new TextBuilder();
        foreach (DeviceCategory c in categories)
        {
            if (text.Length > 0)
            {
                text.Append(',');
            }

            text.Append((int)c);
        }

        return text.ToString();
    }

    private static string VendorProduct(int vendor, int product) =>
        HexDigits((ushort)vendor, 4, upper: false) + ":" + HexDigits((ushort)product, 4, upper: false);

    /// <summary>Hex digits of <paramref name="value"/>, zero-padded to at least <paramref name="width"/> (like "x4"/"X4").</summary>
    private static string HexDigits(uint value, int width, bool upper)
    {
        string digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
        var chars = new char[8];
        int at = chars.Length;
        do
        {
            chars[--at] = digits[(int)(value & 0xF)];
            value >>= 4;
        }
        while (value != 0);

        while (chars.Length - at < width)
        {
            chars[--at] = '0';
        }

        return new string(chars, at, chars.Length - at);
    }

    private static void Add(ArrayList txt, string key, string value)
    {
        if (Utf8.GetByteCount(value) > MaxValueBytes)
        {
            throw new ArgumentException($"TXT value of {key} is longer than {MaxValueBytes} bytes");
        }

        txt.Add(key + "=" + value);
    }

    private static string[] Checked(ArrayList txt)
    {
        var strings = Lists.ToStrings(txt);
        int total = TotalBytes(strings);
        if (total > MaxTotalBytes)
        {
            throw new ArgumentException($"TXT record would be {total} bytes; MASH allows {MaxTotalBytes}");
        }

        return strings;
    }
}
