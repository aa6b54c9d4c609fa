using System;
using Mash.Protocol.Wire;
using Mash.Protocol.Zones;

namespace Mash.Device.Model;

/// <summary>
/// The zone whose failsafe value (attribute 70 or 72) is in force: its ID, so the claim ends when
/// the zone is removed, and its type, which is its priority. Immutable; equal when both parts are.
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
    /// </summary>
    public static ControlResult MayOverwrite(FailsafeSetter? current, Requester requester, string attributeName)
    {
        ArgumentNullException.ThrowIfNull(attributeName);
        if (current is null || (requester.ZoneId is not null && (byte)requester.ZoneType <= (byte)current.ZoneType))
        {
            return ControlResult.Ok;
        }

        if (requester.ZoneId is null)
        {
            return ControlResult.Fail(StatusCode.NotAuthorized, attributeName + " was set by a " + TypeName(current.ZoneType) + " zone; a connection without a zone may not overwrite it");
        }

        return ControlResult.Fail(
            StatusCode.NotAuthorized,
            attributeName + " was set by a " + TypeName(current.ZoneType) + " zone; a " + TypeName(requester.ZoneType)
            + " zone may not overwrite it (only a zone of the same or higher priority may)");
    }

    /// <summary>Who a write by <paramref name="requester"/> leaves in charge; null for a connection without a zone.</summary>
    public static FailsafeSetter? Of(Requester requester) =>
        requester.ZoneId is { } zoneId ? new FailsafeSetter(zoneId, requester.ZoneType) : null;

    public override bool Equals(object? obj) =>
        obj is FailsafeSetter other && other.ZoneId == ZoneId && other.ZoneType == ZoneType;

    public override int GetHashCode() => ZoneId.GetHashCode() ^ (int)ZoneType;

    public override string ToString() => "FailsafeSetter { ZoneId = " + ZoneId + ", ZoneType = " + TypeName(ZoneType) + " }";

    // The error text goes on the wire; nanoFramework's Enum.ToString() prints the number.
    private static string TypeName(ZoneType type) => type switch
    {
        ZoneType.GridOperator => "GridOperator",
        ZoneType.BuildingManager => "BuildingManager",
        ZoneType.HomeManager => "HomeManager",
        ZoneType.UserApp => "UserApp",
        _ => ((byte)type).ToString(),
    };
}
