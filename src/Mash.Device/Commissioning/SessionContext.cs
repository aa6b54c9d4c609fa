using Mash.Device.Transport;
using Mash.Device.Zones;
using Mash.Protocol.Zones;

namespace Mash.Device.Commissioning;

/// <summary>What the device knows about one connection, kept in <c>DeviceConnection.Session</c>.</summary>
public sealed class SessionContext : ConnectionSession
{
    public ConnectionRole Role { get; set; }

    /// <summary>The zone ID: from PASE (commissioning, PASE session) or from the stored zone (operational).</summary>
    public string? ZoneId { get; set; }

    /// <summary>The zone type the connection acts for; a PASE-only session (--pase-only-sessions) is a temporary USER_APP zone.</summary>
    public ZoneType ZoneType { get; set; } = ZoneType.HomeManager;

    /// <summary>The stored zone, for operational connections.</summary>
    public ZoneRecord? Zone { get; set; }

    /// <summary>The commissioning state machine while <see cref="Role"/> is Commissioning or PaseSession.</summary>
    public CommissioningSession? Commissioning { get; set; }

    /// <summary>Certificate renewal state of an operational connection.</summary>
    public ZoneRenewal? Renewal { get; set; }

    /// <summary>True while the load control counts this connection as its zone's connection.</summary>
    public bool ZoneCounted { get; set; }

    /// <summary>True once the interaction layer was told about this connection.</summary>
    public bool InteractionOpened { get; set; }

    /// <summary>The interaction layer's per-connection state (subscriptions).</summary>
    public object? Interaction { get; set; }
}
