using System;
using Mash.Device.Boards;
using Mash.Device.Load;
using Mash.Device.Model;
using Mash.Device.Relays;
using Mash.Device.Runtime;
using Mash.Device.Tests.Relays;
using static Mash.Device.Tests.Load.LoadRig;

namespace Mash.Device.Tests.Load;

/// <summary>
/// The failsafe holds through storage damage: a device whose zone records became unreadable is
/// still a commissioned device, so a running failsafe timer keeps running and an active failsafe
/// limit stays in force. Only a device without any zone record drops the failsafe state.
/// </summary>
public class FailsafeStorageDamageTests
{
    private static readonly TimeSpan FourHours = TimeSpan.FromSeconds(14400);
    private static readonly LoadControlSettings Settings = new() { FailsafeConsumptionLimitMw = 3_500_000 };

    private readonly LoadRig _rig = new(storedZones: [Grid], settings: Settings);

    [Fact]
    public void A_running_failsafe_timer_resumes_when_every_zone_record_is_damaged()
    {
        _rig.Connect(Grid);
        _rig.Load.ZoneDisconnected(Grid);
        _rig.RunSeconds(3600);

        (Scheduler scheduler, LoadControl load) = BootWithDamagedZones(TimeSpan.FromSeconds(100), damaged: 1);

        Assert.Equal(FailsafePhase.TimerRunning, load.FailsafePhase);
        VirtualTime.RunFor(scheduler, _rig.Clock, FourHours - TimeSpan.FromSeconds(3700) - TimeSpan.FromTicks(1));
        Assert.Equal(ControlState.Autonomous, load.ControlState);
        VirtualTime.RunFor(scheduler, _rig.Clock, TimeSpan.FromTicks(1));
        Assert.Equal(ControlState.Failsafe, load.ControlState);
        Assert.Equal(3_500_000, load.EffectiveConsumptionLimitMw);
    }

    [Fact]
    public void An_active_failsafe_stays_in_force_when_every_zone_record_is_damaged()
    {
        _rig.Run(FourHours); // nobody connected since boot
        Assert.Equal(ControlState.Failsafe, _rig.Load.ControlState);

        (_, LoadControl load) = BootWithDamagedZones(TimeSpan.FromMinutes(1), damaged: 2);

        Assert.Equal(FailsafePhase.Active, load.FailsafePhase);
        Assert.Equal(ControlState.Failsafe, load.ControlState);
        Assert.Equal(3_500_000, load.EffectiveConsumptionLimitMw);
    }

    [Fact]
    public void A_device_whose_controller_was_connected_starts_the_failsafe_timer_when_its_zones_are_damaged()
    {
        _rig.Connect(Grid); // connected at the power cut: nothing counted down

        (Scheduler scheduler, LoadControl load) = BootWithDamagedZones(TimeSpan.FromMinutes(1), damaged: 1);

        Assert.Equal(FailsafePhase.TimerRunning, load.FailsafePhase);
        VirtualTime.RunFor(scheduler, _rig.Clock, FourHours);
        Assert.Equal(ControlState.Failsafe, load.ControlState);
    }

    [Fact]
    public void Without_any_zone_record_the_stored_failsafe_state_is_still_dropped()
    {
        _rig.Connect(Grid);
        _rig.Load.ZoneDisconnected(Grid);

        (_, LoadControl load) = BootWithDamagedZones(TimeSpan.FromSeconds(10), damaged: 0);

        Assert.Equal(FailsafePhase.Idle, load.FailsafePhase);
        Assert.Equal(ControlState.Autonomous, load.ControlState);
    }

    /// <summary>A power cut, then a boot over the same flash that finds no readable zone and <paramref name="damaged"/> unreadable ones.</summary>
    private (Scheduler Scheduler, LoadControl Load) BootWithDamagedZones(TimeSpan downtime, int damaged)
    {
        _rig.Clock.Advance(downtime);
        var scheduler = new Scheduler(_rig.Clock, _rig.Log);
        var relays = new RelayBank(_rig.Board, new FakeRelayDriver(_rig.Board.Relays.Count), _rig.Log);
        LoadStateRecord? saved = LoadStateRecord.Read(_rig.Flash, out _);
        relays.Apply(PowerOnPlanner.Plan(_rig.Board, saved?.RelayStates, saved is { HasCap: true } ? saved.CapWatts : PowerOnPlanner.NoCap), "power-on");
        return (scheduler, new LoadControl(scheduler, relays, _rig.Flash, _rig.Log, [], Settings, damagedZoneRecords: damaged));
    }
}
