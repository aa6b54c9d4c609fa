using System;
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
public sealed record ZoneSummary(string ZoneId, ZoneType ZoneType, bool Connected, DateTimeOffset CommissionedAt);
