using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Text;
using Mash.Device.Boards;

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
    public static IReadOnlyList<string> Commissionable(CommissionableAdvert advert)
    {
        ArgumentNullException.ThrowIfNull(advert);
        var txt = new List<string>();
        Add(txt, "D", advert.Discriminator.Value.ToString(CultureInfo.InvariantCulture));
        Add(txt, "cat", Categories(advert.Categories));
        Add(txt, "serial", advert.Serial);
        Add(txt, "brand", advert.Brand);
        Add(txt, "model", advert.Model);
        if (!string.IsNullOrEmpty(advert.DeviceName))
        {
            Add(txt, "DN", advert.DeviceName);
        }

        Add(txt, "VP", VendorProduct(advert.VendorId, advert.ProductId));
        Add(txt, "CM", "1");
        Add(txt, "DT", DeviceTypeName(advert.DeviceType));
        return Checked(txt);
    }

    /// <summary>ZI, DI, then VP, FW, EP and FM ("0x%04X").</summary>
    public static IReadOnlyList<string> Operational(OperationalAdvert device, OperationalZone zone)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(zone);
        var txt = new List<string>();
        Add(txt, "ZI", zone.ZoneId);
        Add(txt, "DI", zone.DeviceId);
        Add(txt, "VP", VendorProduct(device.VendorId, device.ProductId));
        Add(txt, "FW", device.FirmwareVersion);
        Add(txt, "EP", device.EndpointCount.ToString(CultureInfo.InvariantCulture));
        Add(txt, "FM", "0x" + device.FeatureMap.ToString("X4", CultureInfo.InvariantCulture));
        return Checked(txt);
    }

    /// <summary>Bytes on the wire: each string plus its length byte.</summary>
    public static int TotalBytes(IReadOnlyList<string> txt)
    {
        ArgumentNullException.ThrowIfNull(txt);
        int total = 0;
        foreach (string s in txt)
        {
            total += Encoding.UTF8.GetByteCount(s) + 1;
        }

        return total;
    }

    /// <summary>The names of the EnergyControl deviceType values (attribute 1), as the DT key carries them.</summary>
    public static string DeviceTypeName(DeviceType type) => type switch
    {
        DeviceType.Evse => "EVSE",
        DeviceType.HeatPump => "HEAT_PUMP",
        DeviceType.WaterHeater => "WATER_HEATER",
        DeviceType.Battery => "BATTERY",
        DeviceType.Inverter => "INVERTER",
        DeviceType.FlexibleLoad => "FLEXIBLE_LOAD",
        _ => "OTHER",
    };

    private static string Categories(IReadOnlyList<DeviceCategory> categories)
    {
        var text = new StringBuilder();
        foreach (DeviceCategory c in categories)
        {
            if (text.Length > 0)
            {
                text.Append(',');
            }

            text.Append(((int)c).ToString(CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    private static string VendorProduct(int vendor, int product) =>
        ((ushort)vendor).ToString("x4", CultureInfo.InvariantCulture) + ":" + ((ushort)product).ToString("x4", CultureInfo.InvariantCulture);

    private static void Add(List<string> txt, string key, string value)
    {
        if (Encoding.UTF8.GetByteCount(value) > MaxValueBytes)
        {
            throw new ArgumentException($"TXT value of {key} is longer than {MaxValueBytes} bytes");
        }

        txt.Add(key + "=" + value);
    }

    private static ReadOnlyCollection<string> Checked(List<string> txt)
    {
        int total = TotalBytes(txt);
        if (total > MaxTotalBytes)
        {
            throw new ArgumentException($"TXT record would be {total} bytes; MASH allows {MaxTotalBytes}");
        }

        return new ReadOnlyCollection<string>(txt);
    }
}
