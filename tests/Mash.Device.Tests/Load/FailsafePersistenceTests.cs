using System;
using Mash.Device.Load;
using Mash.Device.Model;
using static Mash.Device.Tests.Load.LoadRig;

namespace Mash.Device.Tests.Load;

public class FailsafePersistenceTests
{
    private static readonly TimeSpan FourHours = TimeSpan.FromSeconds(14400);

    private readonly LoadRig _rig = new(storedZones: [Grid], settings: new LoadControlSettings { FailsafeConsumptionLimitMw = 3_500_000 });

    [Fact]
    public void A_reboot_resumes_the_failsafe_timer_with_the_time_that_was_left_counting_the_downtime()
    {
        _rig.Connect(Grid);
        _rig.Load.ZoneDisconnected(Grid);
        _rig.RunSeconds(3600);

        _rig.Reboot(TimeSpan.FromSeconds(100));

        Assert.Equal(FailsafePhase.TimerRunning, _rig.Load.FailsafePhase);
        _rig.Run(FourHours - TimeSpan.FromSeconds(3700) - TimeSpan.FromTicks(1));
        Assert.Equal(ControlState.Autonomous, _rig.Load.ControlState);
        _rig.Run(TimeSpan.FromTicks(1));
        Assert.Equal(ControlState.Failsafe, _rig.Load.ControlState);
        Assert.Equal(3_500_000, _rig.Load.EffectiveConsumptionLimitMw);
    }

    [Fact]
    public void A_device_that_was_off_longer_than_the_time_left_comes_back_in_failsafe()
    {
        _rig.Connect(Grid);
        _rig.Load.ZoneDisconnected(Grid);
        _rig.RunSeconds(3600);

        _rig.Reboot(FourHours);

        Assert.Equal(ControlState.Failsafe, _rig.Load.ControlState);
        Assert.Equal(3_500_000, _rig.Load.EffectiveConsumptionLimitMw);
    }

    [Fact]
    public void A_device_in_failsafe_boots_in_failsafe_and_never_powers_up_above_the_failsafe_limit()
    {
        var rig = new LoadRig(storedZones: [Grid], settings: new LoadControlSettings { FailsafeConsumptionLimitMw = 3_500_000 }, powerOn: Mash.Device.Boards.PowerOnState.On);
        rig.RunSeconds(10);
        rig.Run(FourHours); // the boot started the timer: nobody connected
        Assert.Equal(ControlState.Failsafe, rig.Load.ControlState);
        Assert.Equal(3_000_000, rig.Load.ActivePowerMw);

        rig.Reboot(TimeSpan.FromHours(30));

        // PowerOnState.On alone would switch all 6000 W on at the first instant; the persisted cap keeps it under 3500 W.
        Assert.Equal(3000, StagePlanner.Watts(rig.Board, rig.Driver.States));
        Assert.Equal(ControlState.Failsafe, rig.Load.ControlState);
        rig.RunSeconds(60);
        Assert.Equal(3_000_000, rig.Load.ActivePowerMw);
    }

    [Fact]
    public void Booting_with_stored_zones_and_nobody_connected_starts_the_failsafe_timer()
    {
        Assert.Equal(FailsafePhase.TimerRunning, _rig.Load.FailsafePhase);

        _rig.Run(FourHours);

        Assert.Equal(ControlState.Failsafe, _rig.Load.ControlState);
    }

    [Fact]
    public void Booting_without_any_zone_is_autonomous_with_no_timer_and_every_stage_on()
    {
        var rig = new LoadRig();

        rig.RunSeconds(10);

        Assert.Equal(FailsafePhase.Idle, rig.Load.FailsafePhase);
        Assert.Equal(ControlState.Autonomous, rig.Load.ControlState);
        Assert.Equal(6_000_000, rig.Load.ActivePowerMw);
    }

    [Fact]
    public void Failsafe_settings_written_by_a_controller_survive_a_reboot()
    {
        _rig.Connect(Grid);
        _rig.Load.SetFailsafeConsumptionLimit(1_000_000);
        _rig.Load.SetFailsafeDuration(TimeSpan.FromSeconds(7200));

        _rig.Reboot(TimeSpan.FromSeconds(5));

        Assert.Equal(1_000_000, _rig.Load.FailsafeConsumptionLimitMw);
        Assert.Equal(TimeSpan.FromSeconds(7200), _rig.Load.FailsafeDuration);
    }

    [Fact]
    public void A_reconnect_before_expiry_is_remembered_so_a_reboot_starts_a_fresh_timer()
    {
        _rig.Load.ZoneDisconnected(Grid); // no effect: not connected yet
        _rig.RunSeconds(3600);
        _rig.Connect(Grid);
        _rig.RunSeconds(7200);

        _rig.Reboot(TimeSpan.FromSeconds(10));

        Assert.Equal(FailsafePhase.TimerRunning, _rig.Load.FailsafePhase);
        Assert.Equal(_rig.Clock.Monotonic + FourHours, _rig.Load.FailsafeDeadline);
    }

    [Fact]
    public void A_damaged_failsafe_record_is_reported_and_the_device_falls_back_to_its_defaults()
    {
        _rig.Load.SetFailsafeConsumptionLimit(1_000_000);
        _rig.Flash.InjectCorruption(FailsafeRecord.Key, "bad checksum");

        _rig.Reboot(TimeSpan.FromSeconds(1));

        Assert.Equal(3_500_000, _rig.Load.FailsafeConsumptionLimitMw);
        Assert.Equal(FailsafePhase.TimerRunning, _rig.Load.FailsafePhase);
        Assert.Contains(_rig.Log.Lines, l => l.Level == Mash.Device.Diagnostics.LogLevel.Error && l.Message.Contains("failsafe", StringComparison.Ordinal));
    }
}
