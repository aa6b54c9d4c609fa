using System;
using Mash.Device.Commissioning;
using Mash.Device.Diagnostics;
using Mash.Device.Transport;
using Mash.Device.Zones;
using Mash.Protocol.Portable;
using Mash.Protocol.Wire;
using Mash.Protocol.Zones;

namespace Mash.Device.Composition;

/// <summary>A connection started acting for a zone.</summary>
public delegate void ZoneConnectedHandler(string zoneId, ZoneType zoneType);

/// <summary>Something happened to a zone's connection.</summary>
public delegate void ZoneIdHandler(string zoneId);

/// <summary>
/// Decides what each connection is, from what the TLS handshake established: no client
/// certificate is a commissioning attempt; a certificate (already verified against the stored
/// Zone CAs by the platform) is operational for the zone whose CA issued it. Requests of PASE and
/// operational sessions go to the interaction layer. It belongs to neither commissioning nor the
/// zones (both sit below it), so it lives with the composition root.
/// </summary>
public sealed class DeviceRouter : IConnectionHandler, IZoneSessions
{
    private readonly CommissioningService _commissioning;
    private readonly ZoneStore _zones;
    private readonly Logger _log;
    private readonly ILogSink _logSink;
    // The live connection of each zone: a small table (a few zones), searched linearly.
    private readonly string?[] _boundZones = new string?[TransportLimits.MaxConnections + TransportLimits.MaxZones];
    private readonly DeviceConnection?[] _boundConnections = new DeviceConnection?[TransportLimits.MaxConnections + TransportLimits.MaxZones];

    public DeviceRouter(CommissioningService commissioning, ZoneStore zones, IConnectionHandler interaction, ILogSink log)
    {
        _commissioning = commissioning;
        _zones = zones;
        Interaction = interaction;
        _logSink = log;
        _log = new Logger(log, "router");
    }

    /// <summary>A connection started acting for a zone (operational or PASE session); the load control counts it.</summary>
    public ZoneConnectedHandler? ZoneConnected { get; set; }

    /// <summary>A PASE-only session (--pase-only-sessions) started acting as a temporary zone; the load control counts it apart from stored zones.</summary>
    public ZoneIdHandler? TemporaryZoneConnected { get; set; }

    /// <summary>A connection that acted for a zone ended (also when replaced by a newer one); a temporary zone is gone with it.</summary>
    public ZoneIdHandler? ZoneDisconnected { get; set; }

    /// <summary>The live connection of a zone, if any.</summary>
    public DeviceConnection? ConnectionOf(string zoneId)
    {
        int i = IndexOf(zoneId);
        return i < 0 ? null : _boundConnections[i];
    }

    public void OpenCommissioningWindow(string reason) => _commissioning.Window.Open(reason);

    /// <summary>The interaction layer; it sees connections once they act for a zone.</summary>
    public IConnectionHandler Interaction { get; set; }

    public void OnOpened(DeviceConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection.Peer.IsAnonymous)
        {
            _commissioning.OnOpened(connection);
            return;
        }

        ZoneRecord? zone = _zones.FindByClientCertificate(connection.Peer.ClientCertificateDer!);
        if (zone is null)
        {
            // The handshake trusted a CA whose zone was removed in between. The controller already
            // holds a finished handshake, so it gets a close message rather than a bare reset.
            _log.Warn($"#{connection.Id} certificate belongs to no stored zone (removed during the handshake); closing");
            connection.CloseGracefully(CloseReason.Rejected);
            return;
        }

        if (ConnectionOf(zone.ZoneId) is { } current && current.Peer.AcceptOrder > connection.Peer.AcceptOrder)
        {
            // An older connection whose handshake finished late must not displace the newer one.
            _log.Info($"#{connection.Id} was accepted before #{current.Id}, the live connection of zone {zone.ZoneId}; closing it");
            connection.CloseGracefully(CloseReason.Rejected);
            return;
        }

        var context = new SessionContext { Role = ConnectionRole.Operational, Zone = zone, ZoneId = zone.ZoneId, ZoneType = zone.Type };
        connection.Session = context;
        _log.Info($"#{connection.Id} operational for zone {zone.ZoneId} ({zone.Type})");
        BindZone(connection, context);
        context.InteractionOpened = true;
        Interaction.OnOpened(connection);
    }

    public void OnMessage(DeviceConnection connection, byte[] buffer, int offset, int count, MessageKind kind)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection.Session is not SessionContext context)
        {
            return; // refused connection, closing
        }

        if (kind == MessageKind.Pase && context.Commissioning is { } session)
        {
            session.Handle(buffer, offset, count);
            return;
        }

        if (kind == MessageKind.Renewal && context.Renewal is { } renewal)
        {
            renewal.Handle(connection, Bytes.Slice(buffer, offset, count));
            return;
        }

        if (context.Role is ConnectionRole.PaseSession or ConnectionRole.Operational)
        {
            Interaction.OnMessage(connection, buffer, offset, count, kind);
            return;
        }

        if (context.Commissioning is { Phase: CommissioningPhase.PaseVerified } verified)
        {
            // The spec's flow: PASE earns a CSR, not access to the device.
            verified.Refuse($"after PASE only a CSR request is accepted, got a {kind} message (a controller that operates right after PASE needs mash-load --pase-only-sessions)");
            return;
        }

        _log.Warn($"#{connection.Id} {kind} message before PASE completed; closing");
        connection.Send(Mash.Protocol.Commissioning.CommissioningMessage.Error(
            Mash.Protocol.Commissioning.CommissioningErrorCode.Internal, "commissioning required before requests").Encode());
        connection.CloseGracefully(CloseReason.Rejected);
    }

    public void OnClosed(DeviceConnection connection, CloseReason reason)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection.Session is SessionContext context)
        {
            _commissioning.OnClosed(connection);
            context.Renewal?.Dispose();
            int bound = context.ZoneId is null ? -1 : IndexOf(context.ZoneId);
            if (bound >= 0 && ReferenceEquals(_boundConnections[bound], connection))
            {
                _boundZones[bound] = null;
                _boundConnections[bound] = null;
            }

            if (context.InteractionOpened)
            {
                Interaction.OnClosed(connection, reason);
            }

            if (context.ZoneCounted)
            {
                context.ZoneCounted = false;
                ZoneDisconnected?.Invoke(context.ZoneId!);
            }
        }
    }

    /// <summary>Called by the commissioning service: a connection now serves a zone (or a PASE session).</summary>
    public void OnSessionEstablished(DeviceConnection connection, SessionContext context)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(context);
        if (context.Role == ConnectionRole.Operational)
        {
            if (context.ZoneCounted)
            {
                // Counted as a temporary zone (PASE-only session); count again as the installed zone.
                context.ZoneCounted = false;
                ZoneDisconnected?.Invoke(context.ZoneId!);
            }

            BindZone(connection, context);
        }
        else
        {
            CountZone(context);
        }

        if (!context.InteractionOpened)
        {
            context.InteractionOpened = true;
            Interaction.OnOpened(connection);
        }
    }

    private void CountZone(SessionContext context)
    {
        if (!context.ZoneCounted)
        {
            context.ZoneCounted = true;
            if (context.Role == ConnectionRole.PaseSession)
            {
                TemporaryZoneConnected?.Invoke(context.ZoneId!);
            }
            else
            {
                ZoneConnected?.Invoke(context.ZoneId!, context.ZoneType);
            }
        }
    }

    /// <summary>
    /// One active connection per zone: a newer authenticated connection of the same zone replaces
    /// the old one, which is closed gracefully (a controller that reconnected after a silent loss).
    /// Newer means accepted later; <see cref="OnOpened"/> turns away a late-finishing older one.
    /// </summary>
    private void BindZone(DeviceConnection connection, SessionContext context)
    {
        string zoneId = context.ZoneId!;
        int slot = IndexOf(zoneId);
        DeviceConnection? old = slot < 0 ? null : _boundConnections[slot];
        if (old is not null && !ReferenceEquals(old, connection))
        {
            _log.Info($"#{connection.Id} replaces #{old.Id} as the connection of zone {zoneId}");
            old.CloseGracefully(CloseReason.Rejected);
        }

        if (slot < 0)
        {
            slot = IndexOf(null);
        }

        if (slot < 0)
        {
            // More zones bound than connections can exist: cannot happen; refuse rather than lose track.
            _log.Error($"#{connection.Id} no room to track zone {zoneId}; closing");
            connection.CloseGracefully(CloseReason.Rejected);
            return;
        }

        _boundZones[slot] = zoneId;
        _boundConnections[slot] = connection;
        CountZone(context);
        context.Renewal ??= new ZoneRenewal(_zones, zoneId, _commissioning.DeviceId, _commissioning.VendorId, _commissioning.ProductId, _logSink);
    }

    private int IndexOf(string? zoneId)
    {
        for (int i = 0; i < _boundZones.Length; i++)
        {
            if (_boundZones[i] == zoneId)
            {
                return i;
            }
        }

        return -1;
    }
}
