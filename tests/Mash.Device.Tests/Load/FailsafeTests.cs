using System;
using Mash.Device.Load;
using Mash.Device.Model;
using Mash.Protocol.Wire;
using static Mash.Device.Tests.Load.LoadRig;

namespace Mash.Device.Tests.Load;

public class FailsafeTests
{
    private static readonly TimeSpan FourHours = TimeSpan.FromSeconds(14400);

    private readonly LoadRig _rig = new(storedZones: [Grid, Home], settings: new LoadControlSettings { FailsafeConsumptionLimitMw = 2_500_000 });

    public FailsafeTests()
    {
        _rig.Connect(Grid);
        _rig.Connect(Home);
        _rig.RunSeconds(10);
    }

    [Fact]
    public void The_failsafe_limit_applies_exactly_the_configured_time_after_the_last_zone_is_lost()
    {
        _rig.Load.ZoneDisconnected(Home);
        _rig.RunSeconds(100);
        _rig.Load.ZoneDisconnected(Grid);

        _rig.Run(FourHours - TimeSpan.FromTicks(1));
        Assert.Equal(ControlState.Autonomous, _rig.Load.ControlState);
        Assert.Equal(LoadLimits.NoLimit, _rig.Load.EffectiveConsumptionLimitMw);

        _rig.Run(TimeSpan.FromTicks(1));
        Assert.Equal(ControlState.Failsafe, _rig.Load.ControlState);
        Assert.Equal(2_500_000, _rig.Load.EffectiveConsumptionLimitMw);
        Assert.Null(_rig.Load.EffectiveLimitZoneId);
        Assert.Equal([false, true, false], _rig.Stages); // 2000 W is the most that fits under 2500 W
        Assert.Equal(2_000_000, _rig.Load.ActivePowerMw);
    }

    [Fact]
    public void A_configured_failsafe_duration_is_the_one_that_counts()
    {
        Assert.True(_rig.Load.SetFailsafeDuration(TimeSpan.FromSeconds(7200)).IsSuccess);
        _rig.Load.ZoneDisconnected(Home);
        _rig.Load.ZoneDisconnected(Grid);

        _rig.Run(TimeSpan.FromSeconds(7200) - TimeSpan.FromTicks(1));
        Assert.Equal(FailsafePhase.TimerRunning, _rig.Load.FailsafePhase);

        _rig.Run(TimeSpan.FromTicks(1));
        Assert.Equal(ControlState.Failsafe, _rig.Load.ControlState);
    }

    [Fact]
    public void Losing_one_of_two_zones_does_not_start_the_failsafe_timer()
    {
        _rig.SetLimitWatts(Grid, 4000);
        _rig.Load.ZoneDisconnected(Home);

        _rig.Run(FourHours * 2);

        Assert.Equal(FailsafePhase.Idle, _rig.Load.FailsafePhase);
        Assert.Equal(ControlState.Limited, _rig.Load.ControlState);
        Assert.Equal(4_000_000, _rig.Load.EffectiveConsumptionLimitMw);
    }

    [Fact]
    public void A_reconnect_before_expiry_cancels_the_timer_and_the_device_is_controlled_again()
    {
        _rig.Load.ZoneDisconnected(Home);
        _rig.Load.ZoneDisconnected(Grid);
        _rig.Run(FourHours - TimeSpan.FromSeconds(1));

        _rig.Connect(Home);
        Assert.Equal(ControlState.Controlled, _rig.Load.ControlState);
        _rig.Run(FourHours * 2);

        Assert.Equal(FailsafePhase.Idle, _rig.Load.FailsafePhase);
        Assert.Equal(ControlState.Controlled, _rig.Load.ControlState);
        Assert.Equal(LoadLimits.NoLimit, _rig.Load.EffectiveConsumptionLimitMw);
    }

    [Fact]
    public void A_reconnect_that_then_sets_a_limit_makes_the_device_LIMITED_by_that_limit()
    {
        _rig.Load.ZoneDisconnected(Home);
        _rig.Load.ZoneDisconnected(Grid);
        _rig.RunSeconds(3600);

        _rig.Connect(Grid);
        _rig.SetLimitWatts(Grid, 3000);

        Assert.Equal(ControlState.Limited, _rig.Load.ControlState);
        Assert.Equal(3_000_000, _rig.Load.EffectiveConsumptionLimitMw);
    }

    [Fact]
    public void After_expiry_the_failsafe_limit_holds_through_a_reconnect_until_the_controller_sets_a_limit()
    {
        EnterFailsafe();

        _rig.Connect(Home);
        _rig.Run(FourHours);
        Assert.Equal(ControlState.Failsafe, _rig.Load.ControlState);
        Assert.Equal(2_500_000, _rig.Load.EffectiveConsumptionLimitMw);

        _rig.SetLimitWatts(Home, 5000);
        Assert.Equal(ControlState.Limited, _rig.Load.ControlState);
        Assert.Equal(5_000_000, _rig.Load.EffectiveConsumptionLimitMw);
        Assert.Equal(FailsafePhase.Idle, _rig.Load.FailsafePhase);
    }

    [Fact]
    public void After_expiry_a_reconnected_controller_that_clears_its_limit_ends_the_failsafe()
    {
        EnterFailsafe();
        _rig.Connect(Grid);

        Assert.True(_rig.Load.ClearLimit(Grid).IsSuccess);

        Assert.Equal(ControlState.Controlled, _rig.Load.ControlState);
        Assert.Equal(LoadLimits.NoLimit, _rig.Load.EffectiveConsumptionLimitMw);
    }

    [Fact]
    public void After_expiry_a_controller_that_connects_and_leaves_again_changes_nothing()
    {
        EnterFailsafe();

        _rig.Connect(Grid);
        _rig.Load.ZoneDisconnected(Grid);
        _rig.Run(FourHours);

        Assert.Equal(ControlState.Failsafe, _rig.Load.ControlState);
        Assert.Equal(FailsafePhase.Active, _rig.Load.FailsafePhase);
    }

    [Fact]
    public void Writing_the_failsafe_limit_during_failsafe_applies_it_at_once()
    {
        EnterFailsafe();

        Assert.True(_rig.Load.SetFailsafeConsumptionLimit(1_000_000).IsSuccess);

        Assert.Equal(1_000_000, _rig.Load.EffectiveConsumptionLimitMw);
        Assert.Equal([false, false, false], _rig.Stages); // 2000 W off at once; 1000 W waits for its relay
        _rig.RunSeconds(10);
        Assert.Equal([true, false, false], _rig.Stages);
    }

    [Fact]
    public void A_failsafe_duration_outside_2_to_24_hours_is_refused()
    {
        Assert.Equal(StatusCode.ConstraintError, _rig.Load.SetFailsafeDuration(TimeSpan.FromSeconds(7199)).Status);
        Assert.Equal(StatusCode.ConstraintError, _rig.Load.SetFailsafeDuration(TimeSpan.FromSeconds(86401)).Status);
        Assert.Equal(StatusCode.ConstraintError, _rig.Load.SetFailsafeConsumptionLimit(-1).Status);
        Assert.Equal(FourHours, _rig.Load.FailsafeDuration);
    }

    [Fact]
    public void Removing_every_zone_ends_a_running_failsafe_timer_because_no_controller_could_come_back()
    {
        _rig.Load.ZoneDisconnected(Home);
        _rig.Load.ZoneDisconnected(Grid);

        _rig.Load.ZoneRemoved(Home);
        Assert.Equal(FailsafePhase.TimerRunning, _rig.Load.FailsafePhase);
        _rig.Load.ZoneRemoved(Grid);
        _rig.Run(FourHours * 2);

        Assert.Equal(FailsafePhase.Idle, _rig.Load.FailsafePhase);
        Assert.Equal(ControlState.Autonomous, _rig.Load.ControlState);
    }

    [Fact]
    public void The_last_connected_zone_being_removed_starts_the_timer_for_the_zones_still_commissioned()
    {
        _rig.Load.ZoneDisconnected(Home);

        _rig.Load.ZoneRemoved(Grid);

        Assert.Equal(FailsafePhase.TimerRunning, _rig.Load.FailsafePhase);
    }

    [Fact]
    public void A_replacing_connection_of_the_same_zone_does_not_count_as_losing_it()
    {
        _rig.Load.ZoneDisconnected(Home);
        _rig.SetLimitWatts(Grid, 3000);

        _rig.Connect(Grid); // the new connection is up before the old one closes
        _rig.Load.ZoneDisconnected(Grid);

        Assert.Equal(FailsafePhase.Idle, _rig.Load.FailsafePhase);
        Assert.Equal(3_000_000, _rig.Load.EffectiveConsumptionLimitMw);
    }

    [Fact]
    public void The_log_says_when_the_failsafe_will_apply_and_when_it_does()
    {
        EnterFailsafe();

        Assert.Contains(_rig.Log.Lines, l => l.Message.Contains("failsafe limit 2500 W applies in 14400 s unless a controller reconnects", StringComparison.Ordinal));
        Assert.Contains(_rig.Log.Lines, l => l.Message.StartsWith("FAILSAFE: no controller for 14400 s", StringComparison.Ordinal));
        Assert.Contains(_rig.Log.Lines, l => l.Message == "relay 3 'stage-3' OFF (3000 W): failsafe limit 2500 W");
    }

    private void EnterFailsafe()
    {
        _rig.Load.ZoneDisconnected(Home);
        _rig.Load.ZoneDisconnected(Grid);
        _rig.Run(FourHours);
        Assert.Equal(ControlState.Failsafe, _rig.Load.ControlState);
    }
}
