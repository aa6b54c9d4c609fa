using System;
using Mash.Protocol.Wire;
using Mash.Protocol.Zones;

namespace Mash.Device.Load;

/// <summary>
/// The zone whose failsafe value (attribute 70 or 72) is in force: its ID, so the claim ends when
/// the zone is removed, and its type, which is its priority. Compared by value.
/// </summary>
public sealed class FailsafeSetter
{
    public FailsafeSetter(string zoneId, ZoneType zoneType)
    {
        ArgumentNullException.ThrowIfNull(zoneId);
        ZoneId = zoneId;
        ZoneType = zoneType;
    }

    public string ZoneId { get; }

    public ZoneType ZoneType { get; }

    /// <summary>
    /// failsafe-timing.md 5.3: the failsafe values are device-level and only the highest-priority
    /// zone may update them. So a zone may overwrite a value set by a zone of the same or lower
    /// priority (or a device default), never one set by a higher-priority zone: a user app or a
    /// PASE-only session (USER_APP priority) cannot loosen what the grid operator configured.
    /// Decided on the requester's zone type alone, whatever kind of session carries it.
    /// <paramref name="requesterZoneId"/> is null for a connection that acts for no zone.
    /// </summary>
    public static ControlResult MayOverwrite(FailsafeSetter? current, string? requesterZoneId, ZoneType requesterZoneType, string attributeName)
    {
        ArgumentNullException.ThrowIfNull(attributeName);
        if (current is null || (requesterZoneId is not null && (byte)requesterZoneType <= (byte)current.ZoneType))
        {
            return ControlResult.Ok;
        }

        if (requesterZoneId is null)
        {
            return ControlResult.Fail(StatusCode.NotAuthorized, attributeName + " was set by a " + LoadNames.Of(current.ZoneType) + " zone; a connection without a zone may not overwrite it");
        }

        return ControlResult.Fail(
            StatusCode.NotAuthorized,
            attributeName + " was set by a " + LoadNames.Of(current.ZoneType) + " zone; a " + LoadNames.Of(requesterZoneType)
            + " zone may not overwrite it (only a zone of the same or higher priority may)");
    }

    /// <summary>Who a write by the requester leaves in charge; null for a connection without a zone.</summary>
    public static FailsafeSetter? Of(string? requesterZoneId, ZoneType requesterZoneType) =>
        requesterZoneId is null ? null : new FailsafeSetter(requesterZoneId, requesterZoneType);

    public override bool Equals(object? obj) =>
        obj is FailsafeSetter other && other.ZoneId == ZoneId && other.ZoneType == ZoneType;

    public override int GetHashCode() => ZoneId.GetHashCode() ^ (int)ZoneType;

    public override string ToString() => "zone " + ZoneId + " (" + LoadNames.Of(ZoneType) + ")";
}
