using Mash.Protocol.Zones;

namespace Mash.Device.Model;

/// <summary>
/// Who a request comes from: the zone the connection acts for. "my..." attributes and commands
/// that set a zone's own values are answered for this zone.
/// </summary>
public readonly struct Requester
{
    public Requester(string? zoneId, ZoneType zoneType)
    {
        ZoneId = zoneId;
        ZoneType = zoneType;
    }

    /// <summary>Null when the connection acts for no zone (then zone-owned values read as null).</summary>
    public string? ZoneId { get; }

    public ZoneType ZoneType { get; }

    public override string ToString() => ZoneId is null ? "no zone" : "zone " + ZoneId + " (" + ZoneType + ")";
}
