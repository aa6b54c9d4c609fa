using System;
using System.Collections.Generic;
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
    IReadOnlyList<ZoneSummary> ListZones();

    ControlResult RemoveZone(in Requester requester, string zoneId);

    ControlResult OpenCommissioningWindow(in Requester requester);
}

/// <summary>One row of listZones.</summary>
public sealed record ZoneSummary(string ZoneId, ZoneType ZoneType, bool Connected, DateTimeOffset CommissionedAt);
