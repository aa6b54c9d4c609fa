using System;
using Mash.Device.Load;
using Mash.Protocol.Zones;

namespace Mash.Device.Model;

/// <summary>
/// Zone management behind the DeviceInfo commands (zone-lifecycle.md section 5): list the zones,
/// remove one (self-removal, or forced removal by a higher-priority zone), open the commissioning
/// window so another controller can join.
/// </summary>
public interface IZoneAdministration
{
    ZoneSummary[] ListZones();

    ControlResult RemoveZone(Requester requester, string zoneId);

    ControlResult OpenCommissioningWindow(Requester requester);
}

/// <summary>One row of listZones.</summary>
public sealed class ZoneSummary
{
    public ZoneSummary(string zoneId, ZoneType zoneType, bool connected, long commissionedAtUnixSeconds)
    {
        ArgumentNullException.ThrowIfNull(zoneId);
        ZoneId = zoneId;
        ZoneType = zoneType;
        Connected = connected;
        CommissionedAtUnixSeconds = commissionedAtUnixSeconds;
    }

    public string ZoneId { get; }

    public ZoneType ZoneType { get; }

    public bool Connected { get; }

    /// <summary>When the zone was commissioned, in seconds since 1970-01-01 UTC (listZones "commissionedAt").</summary>
    public long CommissionedAtUnixSeconds { get; }
}
