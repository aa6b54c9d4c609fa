using System;
using Mash.Device.Boards;
using Mash.Device.Commissioning;
using Mash.Device.Diagnostics;
using Mash.Device.Identity;
using Mash.Device.Interaction;
using Mash.Device.Load;
using Mash.Device.Model;
using Mash.Device.Relays;
using Mash.Device.Runtime;
using Mash.Device.Storage;
using Mash.Device.Transport;
using Mash.Device.Zones;
using Mash.Protocol.Pase;
using Mash.Protocol.Wire;

namespace Mash.Device.Composition;

/// <summary>
/// The one composition root of the firmware core: builds the whole device graph (relays in their
/// power-on state, scheduler, zones, commissioning, load control, device model, interaction,
/// connection routing and zone administration) from the platform seams and a board definition.
/// The host, the tests and the benchmarks all build the device through it; the platform then
/// feeds byte-stream connections into <see cref="Connections"/> and runs <see cref="Scheduler"/>.
/// Read top to bottom: each line builds one part from the parts above it.
/// </summary>
public sealed class DeviceCore
{
    /// <param name="clock">Monotonic and wall-clock time.</param>
    /// <param name="flash">The key-value flash store (zones, identity, failsafe, load state).</param>
    /// <param name="relayDriver">The relay outputs of <paramref name="board"/>.</param>
    /// <param name="log">Where log lines go.</param>
    /// <param name="board">A validated board definition.</param>
    /// <param name="identity">The device identity, loaded or created by the platform at boot (IdentityStore).</param>
    /// <param name="options">Lab and operator options; null = defaults.</param>
    public DeviceCore(IClock clock, IFlashStore flash, IRelayDriver relayDriver, ILogSink log, PlatformCrypto platform, BoardDefinition board, DeviceIdentity identity, DeviceCoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(flash);
        ArgumentNullException.ThrowIfNull(relayDriver);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(platform);
        ArgumentNullException.ThrowIfNull(board);
        ArgumentNullException.ThrowIfNull(identity);
        options ??= new DeviceCoreOptions();
        var boot = new Logger(log, "boot");
        Board = board;

        // Relays first, straight into their power-on state (capped by a persisted failsafe limit).
        Relays = new RelayBank(board, relayDriver, log);
        LoadStateRecord? saved = LoadStateRecord.Read(flash, out string? problem);
        if (problem is not null)
        {
            boot.Warn(problem + "; relays start off");
        }

        Relays.Apply(
            PowerOnPlanner.Plan(board, saved?.RelayStates, saved is { HasCap: true } ? saved.CapWatts : PowerOnPlanner.NoCap),
            "power-on (" + BoardNames.Of(board.PowerOnState) + ")");

        Scheduler = new Scheduler(clock, log);
        Zones = new ZoneStore(flash, log, platform.X509, new CertificateClock(clock, flash, log, platform.TimeFloor));
        Zones.Load();

        Spake2PlusVerifier verifier = identity.HasSetupCode
            ? PaseVerifierRecord.LoadOrDerive(flash, identity.SetupCode, platform.Crypto, platform.Group)
            : PaseVerifierRecord.Load(flash, platform.Group);
        Commissioning = new CommissioningService(Scheduler, Zones, verifier, new DeviceCsrIdentity(identity.DeviceId, board.VendorId, board.ProductId), platform.Crypto, platform.Group, log)
        {
            PaseOnlySessions = options.PaseOnlySessions,
        };
        if (options.PaseOnlySessions)
        {
            boot.Warn("--pase-only-sessions: a controller may operate right after PASE, as a temporary USER_APP zone (the reference controller's flow, not the spec's)");
        }

        var storedZoneIds = new string[Zones.Count];
        for (int i = 0; i < storedZoneIds.Length; i++)
        {
            storedZoneIds[i] = Zones.Zones[i].ZoneId;
        }

        Load = new LoadControl(Scheduler, Relays, flash, log, storedZoneIds, damagedZoneRecords: Zones.DamagedRecords);
        TestEventTriggerSettings? testEvents = options.TestEventKey is null ? null : new TestEventTriggerSettings(options.TestEventKey, Load);
        Model = SmartLoadModel.Create(board, identity.DeviceId, null, Load, testEventTriggers: testEvents is not null);
        Interaction = new InteractionHandler(Model, Scheduler, log, testEvents);

        // Routing sits above commissioning, zones, interaction and load: it tells each its part.
        Router = new DeviceRouter(Commissioning, Zones, Interaction, log)
        {
            ZoneConnected = Load.ZoneConnected,
            TemporaryZoneConnected = Load.TemporaryZoneConnected,
            ZoneDisconnected = Load.ZoneDisconnected,
        };
        Commissioning.SessionEstablished = Router.OnSessionEstablished;
        Administration = new ZoneAdministration(Zones, Router, Scheduler, log) { ZoneRemoved = Load.ZoneRemoved };
        ((DeviceInfoFeature)Model.FindFeature(SmartLoadModel.RootEndpoint, FeatureIds.DeviceInfo)!).UseZoneAdministration(Administration);
        Connections = new ConnectionManager(Scheduler, Router, log) { TraceFrames = options.TraceFrames, AnswerPings = options.AnswerPings };

        // Only a device that was never commissioned opens the window by itself. Damaged zone
        // records are not "no zones": anyone nearby could pair while the device is unattended.
        if (Zones.NeverCommissioned)
        {
            if (!options.OpenWindow)
            {
                Commissioning.Window.Open("not commissioned yet"); // --open-window below opens it once, not twice
            }
        }
        else if (Zones.Count == 0)
        {
            boot.Warn("all " + Zones.DamagedRecords.ToString() + " zone record(s) are damaged; the commissioning window stays closed until opened locally (button or --open-window)");
        }

        if (options.OpenWindow)
        {
            Commissioning.OpenWindowLocally("--open-window");
        }
    }

    public BoardDefinition Board { get; }

    public Scheduler Scheduler { get; }

    public RelayBank Relays { get; }

    public ZoneStore Zones { get; }

    public CommissioningService Commissioning { get; }

    public LoadControl Load { get; }

    public DeviceModel Model { get; }

    public InteractionHandler Interaction { get; }

    public DeviceRouter Router { get; }

    public ZoneAdministration Administration { get; }

    /// <summary>Where the platform hands its connections (TLS established, bytes flowing).</summary>
    public ConnectionManager Connections { get; }

    /// <summary>A short press of the button: opens the commissioning window.</summary>
    public void ShortPress() => Commissioning.OpenWindowLocally("button");

    /// <summary>A double press of the button: the local override (load forced off) toggles.</summary>
    public void DoublePress() => Load.SetLocalOverride(!Load.IsLocalOverride, "button double press");
}
