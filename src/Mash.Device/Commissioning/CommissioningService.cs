using System;
using Mash.Device.Diagnostics;
using Mash.Device.Runtime;
using Mash.Device.Transport;
using Mash.Device.Zones;
using Mash.Protocol.Commissioning;
using Mash.Protocol.Crypto;
using Mash.Protocol.Pase;
using Mash.Protocol.Zones;

namespace Mash.Device.Commissioning;

/// <summary>A connection turned into a PASE session or an operational one (<see cref="CommissioningService.SessionEstablished"/>).</summary>
public delegate void SessionEstablishedHandler(DeviceConnection connection, SessionContext context);

/// <summary>
/// Admits commissioning connections (no client certificate): only while the window is open, one
/// at a time, not during a brute-force back-off; runs a <see cref="CommissioningSession"/> on each
/// and tells the router when a connection turns into a PASE session or an operational one.
/// </summary>
public sealed class CommissioningService
{
    private readonly Scheduler _scheduler;
    private DeviceConnection? _active;

    public CommissioningService(
        Scheduler scheduler,
        ZoneStore zones,
        Spake2PlusVerifier verifier,
        DeviceCsrIdentity identity,
        ICryptoPal crypto,
        ISpake2pGroup group,
        ILogSink log,
        CommissioningTimeouts? timeouts = null)
        : this(scheduler, zones, verifier, identity, crypto, group, log, timeouts, CommissioningWindow.DefaultDuration)
    {
    }

    public CommissioningService(
        Scheduler scheduler,
        ZoneStore zones,
        Spake2PlusVerifier verifier,
        DeviceCsrIdentity identity,
        ICryptoPal crypto,
        ISpake2pGroup group,
        ILogSink log,
        CommissioningTimeouts? timeouts,
        TimeSpan windowDuration)
    {
        ArgumentNullException.ThrowIfNull(identity, nameof(identity));
        ArgumentNullException.ThrowIfNull(crypto, nameof(crypto));
        ArgumentNullException.ThrowIfNull(group, nameof(group));
        _scheduler = scheduler;
        Crypto = crypto;
        Group = group;
        Zones = zones;
        Verifier = verifier;
        DeviceId = identity.DeviceId;
        VendorId = identity.VendorId;
        ProductId = identity.ProductId;
        Log = new Logger(log, "commissioning");
        Timeouts = timeouts ?? CommissioningTimeouts.Default;
        Window = new CommissioningWindow(scheduler, log, windowDuration);
    }

    public CommissioningWindow Window { get; }

    public PaseAttemptLimiter Limiter { get; } = new();

    public ZoneStore Zones { get; }

    public CommissioningTimeouts Timeouts { get; }

    /// <summary>
    /// mash-load --pase-only-sessions: a session may stop after PASE and operate the device on the
    /// same connection, as the reference controller (mash-go ff91184~1) does. Such a session is a
    /// temporary USER_APP zone, stored nowhere, that gives back the commissioning slot at the CSR
    /// deadline and leaves nothing behind when it ends. Off (the spec's flow): after PASE only a
    /// CSR request is accepted.
    /// </summary>
    public bool PaseOnlySessions { get; set; }

    /// <summary>Raised when PASE succeeded on a connection (zone null) or a zone was installed on it.</summary>
    public SessionEstablishedHandler? SessionEstablished { get; set; }

    /// <summary>Hashing, MAC, HKDF and randomness for PASE and the zone ID (the platform's crypto seam).</summary>
    internal ICryptoPal Crypto { get; }

    /// <summary>P-256 arithmetic for SPAKE2+ (the platform's seam).</summary>
    internal ISpake2pGroup Group { get; }

    internal Spake2PlusVerifier Verifier { get; set; }

    internal Logger Log { get; }

    internal string DeviceId { get; }

    internal int VendorId { get; }

    internal int ProductId { get; }

    /// <summary>True while a commissioning connection holds the single slot (PASE, CSR or certificate state).</summary>
    public bool Busy => _active is not null;

    /// <summary>Opens the window from the device itself (button, command line): also forgives past failures.</summary>
    public void OpenWindowLocally(string reason)
    {
        Limiter.Reset();
        Window.Open(reason);
    }

    /// <summary>Replaces the verifier (provisioning); only between sessions.</summary>
    public void ReplaceVerifier(Spake2PlusVerifier verifier) => Verifier = verifier;

    internal DateTime WallClock() => _scheduler.Clock.UtcNow;

    public void OnOpened(DeviceConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection, nameof(connection));
        string? refusal = null;
        CommissioningErrorCode code = CommissioningErrorCode.WindowClosed;
        TimeSpan wait = Limiter.WaitAt(_scheduler.Clock.Monotonic);
        if (!Window.IsOpen)
        {
            refusal = "commissioning window is closed; open it on the device (button or mash-load --open-window)";
        }
        else if (_active is not null)
        {
            code = CommissioningErrorCode.Busy;
            refusal = "busy: another commissioning session is in progress; try again shortly";
        }
        else if (wait > TimeSpan.Zero)
        {
            refusal = $"too many failed attempts: try again in {CommissioningTimeouts.SecondsRoundedUp(wait)} s";
        }

        if (refusal is not null)
        {
            Log.Info($"#{connection.Id} refused: {refusal}");
            connection.Send(CommissioningMessage.Error(code, refusal).Encode());
            connection.CloseGracefully(CloseReason.Rejected);
            return;
        }

        var context = new SessionContext { Role = ConnectionRole.Commissioning };
        context.Commissioning = new CommissioningSession(this, _scheduler, connection, context);
        connection.Session = context;
        _active = connection;
        Log.Info($"#{connection.Id} commissioning session started");
    }

    public void OnClosed(DeviceConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection, nameof(connection));
        if (connection.Session is SessionContext context && context.Commissioning is not null)
        {
            context.Commissioning.Dispose();
        }

        if (ReferenceEquals(_active, connection))
        {
            _active = null;
        }
    }

    internal void OnPaseFailed(DeviceConnection connection)
    {
        TimeSpan backoff = Limiter.RecordFailure(_scheduler.Clock.Monotonic);
        if (Limiter.Exhausted)
        {
            Log.Warn($"#{connection.Id} PASE failed (wrong setup code?); {Limiter.Failures} failures: window closed until it is reopened on the device or the device restarts");
            Window.Close("too many failed PASE attempts");
        }
        else
        {
            Log.Warn($"#{connection.Id} PASE failed (wrong setup code?); failure {Limiter.Failures} of {PaseAttemptLimiter.MaxFailures}, next attempt in {CommissioningTimeouts.Seconds(backoff)} s");
        }
    }

    internal void OnPaseSucceeded(DeviceConnection connection, SessionContext context)
    {
        Limiter.Reset();
        if (!PaseOnlySessions)
        {
            Log.Info($"#{connection.Id} PASE succeeded, zone {context.ZoneId}; a CSR request must follow within {CommissioningTimeouts.Seconds(Timeouts.Csr)} s");
            return;
        }

        // Lowest priority, so it can never outrank or remove a stored zone.
        context.Role = ConnectionRole.PaseSession;
        context.ZoneType = ZoneType.UserApp;
        Log.Info($"#{connection.Id} PASE succeeded, zone {context.ZoneId}; until it installs a certificate it is a temporary {ZoneType.UserApp} zone, stored nowhere");
        SessionEstablished?.Invoke(connection, context);
    }

    /// <summary>A PASE-only session passed its CSR deadline: it keeps operating, but the commissioning slot is free.</summary>
    internal void OnPaseOnlySessionSettled(DeviceConnection connection)
    {
        if (ReferenceEquals(_active, connection))
        {
            _active = null;
            Log.Info($"#{connection.Id} no CSR within {CommissioningTimeouts.Seconds(Timeouts.Csr)} s: stays a temporary zone; the commissioning slot is free again");
        }
    }

    internal void OnZoneInstalled(DeviceConnection connection, SessionContext context, ZoneRecord zone)
    {
        context.Role = ConnectionRole.Operational;
        context.Zone = zone;
        context.ZoneType = zone.Type;
        _active = null; // the slot is free for the next controller
        Window.Close("commissioned");
        SessionEstablished?.Invoke(connection, context);
    }
}
