using System;
using Mash.Device.Diagnostics;
using Mash.Device.Load;
using Mash.Device.Model;
using Mash.Device.Runtime;
using Mash.Device.Transport;
using Mash.Protocol.Portable;
using Mash.Protocol.Wire;

namespace Mash.Device.Zones;

/// <summary>Told the ID of a zone that was just removed.</summary>
public delegate void ZoneRemovedHandler(string zoneId);

/// <summary>
/// The zone commands (zone-lifecycle.md section 5): a zone may remove itself; a higher-priority
/// zone may remove a lower one (MASH.S.ZONE.FORCED_REMOVAL=1), never the reverse or an equal one.
/// Removal erases the zone's record (certificates and key), clears every value it set, and closes
/// its connection right after the answer, which also ends its subscriptions.
/// </summary>
public sealed class ZoneAdministration : IZoneAdministration
{
    private readonly ZoneStore _zones;
    private readonly IZoneSessions _router;
    private readonly Scheduler _scheduler;
    private readonly Logger _log;

    public ZoneAdministration(ZoneStore zones, IZoneSessions sessions, Scheduler scheduler, ILogSink log)
    {
        _zones = zones;
        _router = sessions;
        _scheduler = scheduler;
        _log = new Logger(log, "zones");
    }

    /// <summary>Raised after a zone was removed, so the load control drops its limits at once.</summary>
    public ZoneRemovedHandler? ZoneRemoved { get; set; }

    public ZoneSummary[] ListZones()
    {
        ZoneRecord[] zones = _zones.Zones;
        var rows = new ZoneSummary[zones.Length];
        for (int i = 0; i < zones.Length; i++)
        {
            ZoneRecord zone = zones[i];
            rows[i] = new ZoneSummary(zone.ZoneId, zone.Type, _router.ConnectionOf(zone.ZoneId) is not null, UnixSeconds.FromDateTime(zone.CommissionedAt));
        }

        return rows;
    }

    public ControlResult RemoveZone(Requester requester, string zoneId)
    {
        if (zoneId == null)
        {
            throw new ArgumentNullException(nameof(zoneId));
        }

        ZoneRecord? target = _zones.Find(zoneId);
        if (target is null)
        {
            return ControlResult.Fail(StatusCode.InvalidParameter, $"no zone {zoneId} on this device");
        }

        bool self = requester.ZoneId == zoneId;
        if (!self && (byte)requester.ZoneType >= (byte)target.Type)
        {
            return ControlResult.Fail(
                StatusCode.NotAuthorized,
                $"a {requester.ZoneType} zone may not remove a {target.Type} zone; only a higher-priority zone or the zone itself can");
        }

        _zones.Remove(zoneId);
        ZoneRemoved?.Invoke(zoneId);
        _log.Warn($"zone {zoneId} ({target.Type}) removed by {(self ? "itself" : requester.ToString())}");
        if (_router.ConnectionOf(zoneId) is { } connection)
        {
            // After the answer has been queued, so the remover learns the outcome first.
            _scheduler.Post(() => connection.CloseGracefully(CloseReason.Rejected));
        }

        return ControlResult.Ok;
    }

    public ControlResult OpenCommissioningWindow(Requester requester)
    {
        if (_zones.Find(requester.ZoneId ?? string.Empty) is null)
        {
            return ControlResult.Fail(StatusCode.NotAuthorized, "only a commissioned zone may open the commissioning window");
        }

        _router.OpenCommissioningWindow($"requested by zone {requester.ZoneId}");
        return ControlResult.Ok;
    }
}
