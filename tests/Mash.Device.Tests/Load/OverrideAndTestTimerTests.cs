using System;
using Mash.Device.Interaction;
using Mash.Device.Load;
using Mash.Device.Model;
using static Mash.Device.Tests.Load.LoadRig;

namespace Mash.Device.Tests.Load;

public class OverrideAndTestTimerTests
{
    private readonly LoadRig _rig = new(storedZones: [Grid], settings: new LoadControlSettings { FailsafeConsumptionLimitMw = 3_000_000 });

    public OverrideAndTestTimerTests()
    {
        _rig.Connect(Grid);
        _rig.RunSeconds(10);
    }

    [Fact]
    public void A_local_override_switches_the_load_off_at_once_and_reports_OVERRIDE()
    {
        _rig.SetLimitWatts(Grid, 4000);

        _rig.Load.SetLocalOverride(true, "button");

        Assert.Equal(ControlState.Override, _rig.Load.ControlState);
        Assert.Equal([false, false, false], _rig.Stages);
        Assert.Equal(4_000_000, _rig.Load.EffectiveConsumptionLimitMw); // the grid's limit is still the one in force
    }

    [Fact]
    public void During_an_override_a_higher_limit_never_switches_anything_on()
    {
        _rig.Load.SetLocalOverride(true, "button");

        _rig.SetLimitWatts(Grid, 6000);
        _rig.RunSeconds(60);

        Assert.Equal(0, _rig.Load.ActivePowerMw);
    }

    [Fact]
    public void Releasing_the_override_returns_to_the_limit_that_applies_then()
    {
        _rig.Load.SetLocalOverride(true, "button");
        _rig.SetLimitWatts(Grid, 2500);

        _rig.Load.SetLocalOverride(false, "button");
        Assert.Equal(ControlState.Limited, _rig.Load.ControlState);
        _rig.RunSeconds(10);

        Assert.Equal(2_000_000, _rig.Load.ActivePowerMw);
    }

    [Fact]
    public void An_override_during_failsafe_shows_OVERRIDE_and_releasing_it_returns_to_FAILSAFE()
    {
        _rig.Load.ZoneDisconnected(Grid);
        _rig.RunSeconds(14400);

        _rig.Load.SetLocalOverride(true, "service");
        Assert.Equal(ControlState.Override, _rig.Load.ControlState);
        _rig.Load.SetLocalOverride(false, "service");

        Assert.Equal(ControlState.Failsafe, _rig.Load.ControlState);
    }

    [Fact]
    public void A_shortened_failsafe_lets_a_lab_see_the_failsafe_limit_in_seconds()
    {
        ITestTimerControl timers = _rig.Load;
        Assert.True(timers.ShortenFailsafe(TimeSpan.FromSeconds(5)).IsSuccess);

        _rig.Load.ZoneDisconnected(Grid);
        _rig.RunSeconds(4.9);
        Assert.Equal(ControlState.Autonomous, _rig.Load.ControlState);
        _rig.RunSeconds(0.1);

        Assert.Equal(ControlState.Failsafe, _rig.Load.ControlState);
        Assert.Equal(3_000_000, _rig.Load.ActivePowerMw);
        Assert.Equal(TimeSpan.FromSeconds(14400), _rig.Load.FailsafeDuration); // attribute 72 keeps the configured value
    }

    [Fact]
    public void Shortening_a_running_failsafe_timer_counts_from_when_it_started()
    {
        _rig.Load.ZoneDisconnected(Grid);
        _rig.RunSeconds(3);

        _rig.Load.ShortenFailsafe(TimeSpan.FromSeconds(10));
        _rig.RunSeconds(6.9);
        Assert.Equal(FailsafePhase.TimerRunning, _rig.Load.FailsafePhase);
        _rig.RunSeconds(0.1);

        Assert.Equal(FailsafePhase.Active, _rig.Load.FailsafePhase);
    }

    [Fact]
    public void Restoring_the_timers_gives_a_running_failsafe_timer_its_configured_duration_back()
    {
        _rig.Load.ShortenFailsafe(TimeSpan.FromSeconds(10));
        _rig.Load.ZoneDisconnected(Grid);

        _rig.Load.RestoreTimers();
        _rig.RunSeconds(14399);
        Assert.Equal(FailsafePhase.TimerRunning, _rig.Load.FailsafePhase);
        _rig.RunSeconds(1);

        Assert.Equal(FailsafePhase.Active, _rig.Load.FailsafePhase);
    }

    [Fact]
    public void Shortened_durations_end_within_the_given_time_and_restore_brings_back_the_original_expiry()
    {
        _rig.SetLimitWatts(Grid, 2000, durationSeconds: 3600);

        _rig.Load.ShortenDurations(TimeSpan.FromSeconds(5));
        _rig.RunSeconds(5);
        Assert.Equal(LoadLimits.NoLimit, _rig.Load.EffectiveConsumptionLimitMw);

        _rig.SetLimitWatts(Grid, 2000, durationSeconds: 3600);
        _rig.Load.ShortenDurations(TimeSpan.FromSeconds(5));
        _rig.Load.RestoreTimers();
        _rig.RunSeconds(3599);
        Assert.Equal(2_000_000, _rig.Load.EffectiveConsumptionLimitMw);
        _rig.RunSeconds(1);
        Assert.Equal(LoadLimits.NoLimit, _rig.Load.EffectiveConsumptionLimitMw);
    }

    [Fact]
    public void A_shortened_failsafe_timer_that_was_running_survives_a_reboot_with_its_short_time()
    {
        _rig.Load.ShortenFailsafe(TimeSpan.FromSeconds(30));
        _rig.Load.ZoneDisconnected(Grid);
        _rig.RunSeconds(10);

        _rig.Reboot(TimeSpan.FromSeconds(5));

        Assert.Equal(_rig.Clock.Monotonic + TimeSpan.FromSeconds(15), _rig.Load.FailsafeDeadline);
    }
}
