using System;
using Mash.Protocol.Identity;

namespace Mash.Device.Discovery;

/// <summary>
/// One zone membership as advertised: instance "&lt;zone-id&gt;-&lt;device-id&gt;" under "_mash._tcp"
/// with TXT ZI and DI. The device ID may differ per zone (one operational certificate per zone).
/// </summary>
public sealed class OperationalZone
{
    public OperationalZone(string zoneId, string deviceId)
    {
        if (!MashIds.IsValid(zoneId))
        {
            throw new ArgumentException($"zone ID must be {MashIds.HexLength} lowercase hex digits, got \"{zoneId}\"", nameof(zoneId));
        }

        if (!MashIds.IsValid(deviceId))
        {
            throw new ArgumentException($"device ID must be {MashIds.HexLength} lowercase hex digits, got \"{deviceId}\"", nameof(deviceId));
        }

        ZoneId = zoneId;
        DeviceId = deviceId;
    }

    public string ZoneId { get; }

    public string DeviceId { get; }

    public string InstanceLabel => ZoneId + "-" + DeviceId;

    public bool Equals(OperationalZone? other) => other is not null && other.ZoneId == ZoneId && other.DeviceId == DeviceId;

    public override bool Equals(object? obj) => obj is OperationalZone other && Equals(other);

    public override int GetHashCode() => (ZoneId.GetHashCode() * 397) ^ DeviceId.GetHashCode();

    public override string ToString() => InstanceLabel;
}
