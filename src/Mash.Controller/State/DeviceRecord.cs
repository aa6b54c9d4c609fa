using System;
using System.Text.Json.Serialization;
using Mash.Controller.Transport;
using Mash.Protocol.Zones;

namespace Mash.Controller.State;

/// <summary>A device this controller commissioned, as kept in devices.json.</summary>
public sealed record DeviceRecord
{
    /// <summary>hex(SHA-256(SPKI of the device's commissioning certificate)[0:8]): stable across restarts.</summary>
    public required string DeviceId { get; init; }

    /// <summary>The zone ID the device knows us by: hex(SHA-256(PASE shared secret)[0:8]). Sent as SNI.</summary>
    public required string ZoneId { get; init; }

    /// <summary>HOST:PORT the device was reached at.</summary>
    public required string Address { get; init; }

    [JsonConverter(typeof(ZoneTypeJsonConverter))]
    public required ZoneType ZoneType { get; init; }

    public required DateTimeOffset CommissionedAt { get; init; }

    /// <summary>Last successful connection (commissioning or operational).</summary>
    public DateTimeOffset? LastSeen { get; init; }

    /// <summary>DER of the operational certificate we issued to the device (base64 in JSON).</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1819:Properties should not return arrays", Justification = "A serialised DER blob; callers treat it as read-only.")]
    public required byte[] OperationalCertificate { get; init; }

    [JsonIgnore]
    public DeviceAddress Endpoint => DeviceAddress.Parse(Address);
}
