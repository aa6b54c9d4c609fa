using System;
using Mash.Device.Load;
using Mash.Device.Model;
using static Mash.Device.Tests.Load.LoadRig;

namespace Mash.Device.Tests.Load;

public class DurationTimerTests
{
    private readonly LoadRig _rig = new(storedZones: [Grid, Home]);

    public DurationTimerTests()
    {
        _rig.Connect(Grid);
        _rig.Connect(Home);
        _rig.RunSeconds(5); // receipt is not at time zero, so "receipt + duration" is really tested
    }

    [Fact]
    public void A_limit_with_a_duration_holds_until_one_tick_before_receipt_plus_duration_and_is_gone_at_it()
    {
        _rig.SetLimitWatts(Home, 2000, durationSeconds: 60);

        _rig.Run(TimeSpan.FromSeconds(60) - TimeSpan.FromTicks(1));
        Assert.Equal(2_000_000, _rig.Load.EffectiveConsumptionLimitMw);

        _rig.Run(TimeSpan.FromTicks(1));
        Assert.Equal(LoadLimits.NoLimit, _rig.Load.EffectiveConsumptionLimitMw);
        Assert.Equal(LoadLimits.NoLimit, _rig.Load.GetConsumptionLimitMw(Home));
        Assert.Equal(ControlState.Controlled, _rig.Load.ControlState);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(3600)]
    [InlineData(14400)]
    [InlineData(86400)]
    public void Expiry_lies_within_one_percent_of_the_duration_over_the_whole_range(int seconds)
    {
        _rig.SetLimitWatts(Grid, 3000, durationSeconds: seconds);
        TimeSpan duration = TimeSpan.FromSeconds(seconds);

        _rig.Run(duration * 0.99);
        Assert.Equal(3_000_000, _rig.Load.EffectiveConsumptionLimitMw);

        _rig.Run(duration * 0.02);
        Assert.Equal(LoadLimits.NoLimit, _rig.Load.EffectiveConsumptionLimitMw);
    }

    [Fact]
    public void A_new_setLimit_restarts_the_zones_timer_from_its_own_receipt()
    {
        _rig.SetLimitWatts(Home, 5000, durationSeconds: 60);
        _rig.RunSeconds(30);
        _rig.SetLimitWatts(Home, 3000, durationSeconds: 60);

        _rig.RunSeconds(35); // 65 s after the first command
        Assert.Equal(3_000_000, _rig.Load.EffectiveConsumptionLimitMw);

        _rig.RunSeconds(25);
        Assert.Equal(LoadLimits.NoLimit, _rig.Load.EffectiveConsumptionLimitMw);
    }

    [Fact]
    public void A_setLimit_without_duration_cancels_a_running_timer()
    {
        _rig.SetLimitWatts(Home, 2000, durationSeconds: 60);
        _rig.SetLimitWatts(Home, 2000);

        _rig.RunSeconds(86400);

        Assert.Equal(2_000_000, _rig.Load.EffectiveConsumptionLimitMw);
    }

    [Fact]
    public void Each_zones_timer_is_independent_and_expiry_re_resolves_to_the_other_zone()
    {
        _rig.SetLimitWatts(Grid, 5000, durationSeconds: 60);
        _rig.RunSeconds(10);
        _rig.SetLimitWatts(Home, 3000, durationSeconds: 30);

        _rig.RunSeconds(30);
        Assert.Equal(5_000_000, _rig.Load.EffectiveConsumptionLimitMw);
        Assert.Equal(Grid, _rig.Load.EffectiveLimitZoneId);

        _rig.RunSeconds(20);
        Assert.Equal(LoadLimits.NoLimit, _rig.Load.EffectiveConsumptionLimitMw);
    }

    [Fact]
    public void A_disconnect_cancels_the_zones_timer_and_its_limit_is_not_back_after_reconnecting()
    {
        _rig.SetLimitWatts(Home, 2000, durationSeconds: 300);
        _rig.Load.ZoneDisconnected(Home);
        _rig.Connect(Home);

        _rig.RunSeconds(300);

        Assert.Equal(LoadLimits.NoLimit, _rig.Load.GetConsumptionLimitMw(Home));
        Assert.Equal(LoadLimits.NoLimit, _rig.Load.EffectiveConsumptionLimitMw);
    }

    [Fact]
    public void An_expiry_is_logged_with_zone_and_duration()
    {
        _rig.SetLimitWatts(Home, 2000, durationSeconds: 60);

        _rig.RunSeconds(60);

        Assert.Contains(_rig.Log.Lines, l => l.Message == "zone " + Home + " (HomeManager) limit 2000 W expired after 60 s");
    }
}
