using System;
using Mash.Device.Boards;
using Mash.Device.Commissioning;
using Mash.Device.Diagnostics;
using Mash.Device.Interaction;
using Mash.Device.Load;
using Mash.Device.Model;
using Mash.Device.Runtime;
using Mash.Device.Tests.Boards;
using Mash.Device.Tests.Transport;
using Mash.Device.Transport;
using Mash.Protocol.Zones;

namespace Mash.Device.Tests.Interaction;

/// <summary>
/// A device with the smart-load model and the interaction handler behind a connection manager,
/// on a virtual clock. Keep-alive is pushed out of the way so hour-long subscription tests see
/// only what the interaction layer sends.
/// </summary>
internal sealed class InteractionRig
{
    public const string DeviceId = "0123456789abcdef";

    private static readonly KeepAliveSettings NoKeepAlive = new(TimeSpan.FromDays(365), TimeSpan.FromDays(1), 3);

    /// <param name="load">Serves the model instead of <see cref="Load"/> (e.g. the real load control of a LoadRig).</param>
    public InteractionRig(TestEventTriggerSettings? testEvents = null, BoardDefinition? board = null, ILoadControl? load = null)
    {
        Board = board ?? TestBoards.WaterHeater();
        Scheduler = new Scheduler(Clock, NullLogSink.Instance);
        Model = SmartLoadModel.Create(Board, DeviceId, serialNumber: null, load ?? Load, testEventTriggers: testEvents is not null);
        Handler = new InteractionHandler(Model, Scheduler, Log, testEvents);
        Manager = new ConnectionManager(Scheduler, Handler, NullLogSink.Instance, NoKeepAlive);
    }

    public VirtualClock Clock { get; } = new();

    public Scheduler Scheduler { get; }

    public BoardDefinition Board { get; }

    public SimpleLoadControl Load { get; } = new();

    public DeviceModel Model { get; }

    public InteractionHandler Handler { get; }

    public ConnectionManager Manager { get; }

    public CollectingLogSink Log { get; } = new();

    /// <summary>A controller connection acting for <paramref name="zoneId"/>.</summary>
    public Peer Connect(string zoneId = "zone-a", ZoneType zoneType = ZoneType.HomeManager)
    {
        var channel = new FakeChannel();
        DeviceConnection connection = Manager.Open(channel, PeerCredentials.Anonymous)!;
        connection.Session = new SessionContext { Role = ConnectionRole.Operational, ZoneId = zoneId, ZoneType = zoneType };
        return new Peer(this, channel, connection);
    }

    /// <summary>Moves virtual time on, running every timer at its deadline.</summary>
    public void Run(TimeSpan span) => VirtualTime.RunFor(Scheduler, Clock, span);

    public void RunSeconds(double seconds) => Run(TimeSpan.FromSeconds(seconds));

    /// <summary>Runs until the clock reads <paramref name="seconds"/> since the rig started.</summary>
    public void RunUntil(double seconds) => Run(TimeSpan.FromSeconds(seconds) - Clock.Monotonic);
}
