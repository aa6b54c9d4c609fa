using System;
using Mash.Device.Load;
using Mash.Device.Model;
using Mash.Protocol.Wire;
using Mash.Protocol.Zones;
using static Mash.Device.Tests.Load.LoadRig;

namespace Mash.Device.Tests.Load;

public class LimitResolutionTests
{
    private readonly LoadRig _rig = new(storedZones: [Grid, Building, Home, App]);

    public LimitResolutionTests()
    {
        _rig.Connect(Grid);
        _rig.Connect(Building);
        _rig.Connect(Home);
        _rig.Connect(App);
    }

    [Fact]
    public void With_all_four_zone_types_limiting_the_lowest_limit_wins_and_names_its_zone()
    {
        _rig.SetLimitWatts(Grid, 5000);
        _rig.SetLimitWatts(Building, 4000);
        _rig.SetLimitWatts(Home, 2500);
        _rig.SetLimitWatts(App, 3000);

        Assert.Equal(2_500_000, _rig.Load.EffectiveConsumptionLimitMw);
        Assert.Equal(Home, _rig.Load.EffectiveLimitZoneId);
        Assert.Equal(ZoneType.HomeManager, _rig.Load.EffectiveLimitZoneType);
        Assert.Equal(ControlState.Limited, _rig.Load.ControlState);
        Assert.Equal(3_000_000, _rig.Load.GetConsumptionLimitMw(App));
    }

    [Fact]
    public void A_user_app_can_be_the_most_restrictive_even_against_the_grid_operator()
    {
        _rig.SetLimitWatts(Grid, 4000);
        _rig.SetLimitWatts(App, 1000);

        Assert.Equal(1_000_000, _rig.Load.EffectiveConsumptionLimitMw);
        Assert.Equal(App, _rig.Load.EffectiveLimitZoneId);
    }

    [Theory]
    [InlineData(App, Home, Home)]
    [InlineData(Home, Building, Building)]
    [InlineData(Building, Grid, Grid)]
    [InlineData(Grid, App, Grid)]
    public void Equal_limits_are_credited_to_the_higher_priority_zone_whatever_the_order(string first, string second, string expected)
    {
        _rig.SetLimitWatts(first, 3000);
        _rig.SetLimitWatts(second, 3000);

        Assert.Equal(3_000_000, _rig.Load.EffectiveConsumptionLimitMw);
        Assert.Equal(expected, _rig.Load.EffectiveLimitZoneId);
    }

    [Fact]
    public void Clearing_the_winning_limit_makes_the_next_lowest_effective_at_once()
    {
        _rig.SetLimitWatts(Grid, 5000);
        _rig.SetLimitWatts(Home, 2000);

        Assert.True(_rig.Load.ClearLimit(Home).IsSuccess);

        Assert.Equal(5_000_000, _rig.Load.EffectiveConsumptionLimitMw);
        Assert.Equal(Grid, _rig.Load.EffectiveLimitZoneId);
        Assert.Equal(LoadLimits.NoLimit, _rig.Load.GetConsumptionLimitMw(Home));
    }

    [Fact]
    public void Clearing_the_last_limit_leaves_no_effective_limit_and_controlState_CONTROLLED()
    {
        _rig.SetLimitWatts(Building, 2000);

        _rig.Load.ClearLimit(Building);

        Assert.Equal(LoadLimits.NoLimit, _rig.Load.EffectiveConsumptionLimitMw);
        Assert.Null(_rig.Load.EffectiveLimitZoneId);
        Assert.Equal(ControlState.Controlled, _rig.Load.ControlState);
    }

    [Fact]
    public void Removing_the_winning_zone_re_resolves_to_the_remaining_zones()
    {
        _rig.SetLimitWatts(Grid, 1000);
        _rig.SetLimitWatts(Building, 4000);

        _rig.Load.ZoneRemoved(Grid);

        Assert.Equal(4_000_000, _rig.Load.EffectiveConsumptionLimitMw);
        Assert.Equal(Building, _rig.Load.EffectiveLimitZoneId);
        Assert.Equal(LoadLimits.NoLimit, _rig.Load.GetConsumptionLimitMw(Grid));
    }

    [Fact]
    public void A_zone_that_disconnects_loses_its_limit_and_a_reconnect_does_not_bring_it_back()
    {
        _rig.SetLimitWatts(Grid, 5000);
        _rig.SetLimitWatts(Home, 2000);

        _rig.Load.ZoneDisconnected(Home);
        Assert.Equal(5_000_000, _rig.Load.EffectiveConsumptionLimitMw);

        _rig.Connect(Home);
        Assert.Equal(LoadLimits.NoLimit, _rig.Load.GetConsumptionLimitMw(Home));
        Assert.Equal(5_000_000, _rig.Load.EffectiveConsumptionLimitMw);
    }

    [Fact]
    public void A_new_limit_from_the_same_zone_replaces_its_old_one_even_when_higher()
    {
        _rig.SetLimitWatts(Home, 2000);
        _rig.SetLimitWatts(Home, 4000);

        Assert.Equal(4_000_000, _rig.Load.EffectiveConsumptionLimitMw);
    }

    [Fact]
    public void A_setLimit_with_only_a_production_limit_leaves_the_consumption_limit_as_it_is()
    {
        _rig.SetLimitWatts(Home, 2000);

        var result = _rig.Load.SetLimit(Home, ZoneType.HomeManager, false, 0, TimeSpan.Zero, LimitCause.LocalOptimization);

        Assert.True(result.IsSuccess);
        Assert.Equal(2_000_000, _rig.Load.EffectiveConsumptionLimitMw);
    }

    [Fact]
    public void A_negative_limit_or_an_over_long_duration_is_refused_and_changes_nothing()
    {
        var negative = _rig.Load.SetLimit(Home, ZoneType.HomeManager, true, -1, TimeSpan.Zero, LimitCause.LocalOptimization);
        var tooLong = _rig.Load.SetLimit(Home, ZoneType.HomeManager, true, 1000, TimeSpan.FromSeconds(86401), LimitCause.LocalOptimization);

        Assert.Equal(StatusCode.InvalidParameter, negative.Status);
        Assert.Equal(StatusCode.InvalidParameter, tooLong.Status);
        Assert.Equal(LoadLimits.NoLimit, _rig.Load.EffectiveConsumptionLimitMw);
    }

    [Fact]
    public void A_zone_without_an_open_connection_cannot_set_a_limit()
    {
        _rig.Load.ZoneDisconnected(App);

        var result = _rig.Load.SetLimit(App, ZoneType.UserApp, true, 1000, TimeSpan.Zero, LimitCause.UserPreference);

        Assert.Equal(StatusCode.NotAuthorized, result.Status);
        Assert.Equal(LoadLimits.NoLimit, _rig.Load.EffectiveConsumptionLimitMw);
    }

    [Fact]
    public void Zero_is_a_valid_limit_that_switches_every_stage_off()
    {
        _rig.RunSeconds(10);
        Assert.Equal(6_000_000, _rig.Load.ActivePowerMw);

        _rig.SetLimitWatts(Grid, 0);

        Assert.Equal([false, false, false], _rig.Stages);
        Assert.Equal(0, _rig.Load.ActivePowerMw);
    }

    [Fact]
    public void Every_change_is_announced_so_subscriptions_can_report_it()
    {
        int before = _rig.ChangedEvents;

        _rig.SetLimitWatts(Home, 2000);
        _rig.Load.ClearLimit(Home);

        Assert.True(_rig.ChangedEvents >= before + 2);
    }
}
