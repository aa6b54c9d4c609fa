using System;
using System.Linq;
using Mash.Device.Boards;
using Mash.Device.Load;
using Mash.Device.Model;
using static Mash.Device.Tests.Load.LoadRig;

namespace Mash.Device.Tests.Load;

/// <summary>Stages of 1000, 2000 and 3000 W; relays may switch on 10 s after their last switch.</summary>
public class RelayStageTests
{
    private readonly LoadRig _rig = new(storedZones: [Grid, Home]);

    public RelayStageTests()
    {
        _rig.Connect(Grid);
        _rig.Connect(Home);
    }

    [Fact]
    public void Without_a_limit_every_stage_goes_on_once_the_relays_may_switch()
    {
        Assert.Equal([false, false, false], _rig.Stages); // just booted: the relays may have switched right before
        Assert.True(_rig.Load.HasPendingSwitchOn);

        _rig.Run(TimeSpan.FromSeconds(10) - TimeSpan.FromTicks(1));
        Assert.Equal(0, _rig.Load.ActivePowerMw);

        _rig.Run(TimeSpan.FromTicks(1));
        Assert.Equal([true, true, true], _rig.Stages);
        Assert.Equal(6_000_000, _rig.Load.ActivePowerMw);
        Assert.False(_rig.Load.HasPendingSwitchOn);
    }

    [Fact]
    public void Stages_follow_every_step_switching_off_at_once_and_on_only_after_the_interval()
    {
        _rig.RunSeconds(10);

        // Lower limit: off immediately, never above 2500 W for even an instant.
        _rig.SetLimitWatts(Grid, 2500);
        Assert.Equal([false, true, false], _rig.Stages);
        Assert.Equal(2_000_000, _rig.Load.ActivePowerMw);

        // Higher limit 3 s later: the 1000 and 3000 W relays switched off 3 s ago and must wait;
        // meanwhile the 2000 W stage stays on rather than dip to nothing.
        _rig.RunSeconds(3);
        _rig.SetLimitWatts(Grid, 4000);
        Assert.Equal([false, true, false], _rig.Stages);
        _rig.RunSeconds(6.9);
        Assert.Equal([false, true, false], _rig.Stages);
        _rig.RunSeconds(0.1);
        Assert.Equal([true, false, true], _rig.Stages);
        Assert.Equal(4_000_000, _rig.Load.ActivePowerMw);

        // A lower limit from another zone: off at once even though the relays just switched on.
        _rig.SetLimitWatts(Home, 1500);
        Assert.Equal([true, false, false], _rig.Stages);

        // Its limit expires or is cleared: back to the grid's 4000 W once the 3000 W relay may switch.
        _rig.Load.ClearLimit(Home);
        Assert.Equal([true, false, false], _rig.Stages);
        _rig.RunSeconds(10);
        Assert.Equal([true, false, true], _rig.Stages);

        // Cleared completely: every stage.
        _rig.Load.ClearLimit(Grid);
        _rig.RunSeconds(10);
        Assert.Equal([true, true, true], _rig.Stages);
    }

    [Fact]
    public void A_limit_below_the_smallest_stage_switches_everything_off()
    {
        _rig.RunSeconds(10);

        _rig.SetLimitWatts(Home, 999);

        Assert.Equal(0, _rig.Load.ActivePowerMw);
    }

    [Fact]
    public void A_limit_in_milliwatts_just_under_a_stage_does_not_let_that_stage_on()
    {
        _rig.RunSeconds(10);

        var result = _rig.Load.SetLimit(Grid, Protocol.Zones.ZoneType.GridOperator, true, 999_999, TimeSpan.Zero, LimitCause.GridEmergency);

        Assert.True(result.IsSuccess);
        Assert.Equal(0, _rig.Load.ActivePowerMw);
    }

    [Fact]
    public void Each_relay_change_is_logged_with_the_limit_and_the_zone_that_caused_it()
    {
        _rig.RunSeconds(10);

        _rig.SetLimitWatts(Grid, 2500);

        Assert.Contains(_rig.Log.Lines, l => l.Component == "relays"
            && l.Message == "relay 3 'stage-3' OFF (3000 W): limit 2500 W from zone " + Grid + " (GridOperator)");
        Assert.Contains(_rig.Log.Lines, l => l.Component == "relays"
            && l.Message == "relay 1 'stage-1' OFF (1000 W): limit 2500 W from zone " + Grid + " (GridOperator)");
    }

    [Fact]
    public void A_delayed_switch_on_is_logged_with_its_cause_and_announced_as_a_change()
    {
        int before = _rig.ChangedEvents;

        _rig.RunSeconds(10);

        Assert.True(_rig.ChangedEvents > before);
        Assert.Contains(_rig.Log.Lines, l => l.Message == "relay 1 'stage-1' ON (1000 W): no limit (CONTROLLED) (after the relay's minimum switch interval)");
    }

    [Fact]
    public void Relay_states_and_the_power_on_cap_are_persisted_for_restore_last()
    {
        var rig = new LoadRig(storedZones: [Grid, Home], powerOn: PowerOnState.RestoreLast);
        rig.Connect(Grid);
        rig.RunSeconds(10);
        rig.SetLimitWatts(Grid, 3500);

        LoadStateRecord? saved = LoadStateRecord.Read(rig.Flash, out _);

        Assert.NotNull(saved);
        Assert.Equal(rig.Stages, saved.RelayStates);
        Assert.Equal(LoadLimits.NoLimit, saved.CapWatts); // only the failsafe limit survives a reboot
    }

    [Fact]
    public void A_board_that_powers_on_off_does_not_write_flash_for_every_relay_change()
    {
        _rig.RunSeconds(10);
        long before = _rig.Flash.WriteCount;
        for (int i = 0; i < 20; i++)
        {
            _rig.SetLimitWatts(Grid, i % 2 == 0 ? 1000 : 3500);
            _rig.RunSeconds(11);
        }

        Assert.True(_rig.Flash.WriteCount - before < 5, $"{_rig.Flash.WriteCount - before} flash writes for 20 limit changes");
    }

    [Fact]
    public void A_board_without_a_switch_interval_follows_a_higher_limit_at_once()
    {
        var rig = new LoadRig(minSwitchIntervalSeconds: 0, storedZones: [Grid]);
        rig.Connect(Grid);
        Assert.Equal([true, true, true], rig.Stages);

        rig.SetLimitWatts(Grid, 1000);
        rig.SetLimitWatts(Grid, 5000);

        Assert.Equal(5_000_000, rig.Load.ActivePowerMw);
    }

    [Fact]
    public void A_relay_that_fails_to_switch_on_is_tried_again_at_the_next_change_and_power_stays_honest()
    {
        _rig.Driver.FailingIndex = 2;
        _rig.RunSeconds(10);

        Assert.Equal(3_000_000, _rig.Load.ActivePowerMw);
        Assert.Contains(_rig.Log.Lines, l => l.Message.Contains("FAILED", StringComparison.Ordinal));

        _rig.Driver.FailingIndex = null;
        _rig.SetLimitWatts(Grid, 6000);
        Assert.Equal(6_000_000, _rig.Load.ActivePowerMw);
    }

    [Fact]
    public void The_planner_prefers_the_set_that_switches_fewest_relays_among_equal_power()
    {
        BoardDefinition board = Boards.TestBoards.WaterHeater();
        var target = new bool[3];

        StagePlanner.Plan(board, [true, true, false], 3000, target);
        Assert.Equal([true, true, false], target);

        StagePlanner.Plan(board, [false, false, true], 3000, target);
        Assert.Equal([false, false, true], target);

        StagePlanner.Plan(board, [false, false, false], 4500, target);
        Assert.Equal(4000, StagePlanner.Watts(board, target));
        Assert.Equal(2, target.Count(on => on));
    }
}
