using System;
using Mash.Device.Boards;
using Mash.Device.Load;
using Mash.Device.Relays;
using Mash.Device.Runtime;
using Mash.Device.Storage;
using Mash.Device.Tests.Boards;
using Mash.Device.Tests.Relays;
using Mash.Protocol.Zones;

namespace Mash.Device.Tests.Load;

/// <summary>
/// A load on a virtual clock: 1000, 2000 and 3000 W stages behind fake relays, flash in memory.
/// <see cref="Reboot"/> builds a new device over the same flash the way the host boots.
/// </summary>
internal sealed class LoadRig
{
    public const string Grid = "grid0000000000aa";
    public const string Building = "bldg0000000000bb";
    public const string Home = "home0000000000cc";
    public const string App = "appx0000000000dd";

    private readonly LoadControlSettings? _settings;

    public LoadRig(
        int minSwitchIntervalSeconds = 10,
        string[]? storedZones = null,
        LoadControlSettings? settings = null,
        PowerOnState powerOn = PowerOnState.Off)
    {
        Board = TestBoards.WaterHeater(minSwitchIntervalSeconds: minSwitchIntervalSeconds, powerOnState: powerOn);
        StoredZones = storedZones ?? [];
        _settings = settings;
        Boot();
    }

    public VirtualClock Clock { get; } = new();

    public InMemoryFlashStore Flash { get; } = new();

    public CollectingLogSink Log { get; } = new();

    public BoardDefinition Board { get; }

    public string[] StoredZones { get; set; }

    public Scheduler Scheduler { get; private set; } = null!;

    public FakeRelayDriver Driver { get; private set; } = null!;

    public RelayBank Relays { get; private set; } = null!;

    public LoadControl Load { get; private set; } = null!;

    public int ChangedEvents { get; private set; }

    /// <summary>Relay states as "on" flags, e.g. [false, true, true].</summary>
    public bool[] Stages => Relays.GetStates();

    public static ZoneType TypeOf(string zoneId) => zoneId switch
    {
        Grid => ZoneType.GridOperator,
        Building => ZoneType.BuildingManager,
        Home => ZoneType.HomeManager,
        _ => ZoneType.UserApp,
    };

    public void Run(TimeSpan span) => VirtualTime.RunFor(Scheduler, Clock, span);

    public void RunSeconds(double seconds) => Run(TimeSpan.FromSeconds(seconds));

    public void Connect(string zoneId) => Load.ZoneConnected(zoneId, TypeOf(zoneId));

    public void SetLimitWatts(string zoneId, long watts, int durationSeconds = 0)
    {
        var result = Load.SetLimit(zoneId, TypeOf(zoneId), true, watts * 1000, durationSeconds == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(durationSeconds), LimitCause.GridOptimization);
        Assert.True(result.IsSuccess, result.Message);
    }

    /// <summary>Power cut: the old scheduler is abandoned, <paramref name="downtime"/> passes, the host boots again.</summary>
    public void Reboot(TimeSpan downtime)
    {
        Clock.Advance(downtime);
        Boot();
    }

    private void Boot()
    {
        Scheduler = new Scheduler(Clock, Log);
        Driver = new FakeRelayDriver(Board.Relays.Count);
        Relays = new RelayBank(Board, Driver, Log);
        LoadStateRecord? saved = LoadStateRecord.Read(Flash, out _);
        Relays.Apply(PowerOnPlanner.Plan(Board, saved?.RelayStates, saved is { HasCap: true } ? saved.CapWatts : PowerOnPlanner.NoCap), "power-on");
        Load = new LoadControl(Scheduler, Relays, Flash, Log, StoredZones, _settings);
        Load.Changed += () => ChangedEvents++;
    }
}
