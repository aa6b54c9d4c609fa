using System;
using Mash.Device.Load;
using Mash.Device.Model;
using Mash.Protocol.Zones;
using static Mash.Device.Tests.Load.LoadRig;

namespace Mash.Device.Tests.Load;

/// <summary>PASE-only sessions (mash-load --pase-only-sessions) as temporary USER_APP zones in the load control.</summary>
public class TemporaryZoneTests
{
    private static readonly TimeSpan FourHours = TimeSpan.FromSeconds(14400);

    private static string Temp(int i) => "temp" + i.ToString("D12");

    [Fact]
    public void Temporary_zones_leave_no_slot_behind_so_a_stored_zone_can_still_set_a_limit()
    {
        var rig = new LoadRig();
        for (int i = 0; i < 12; i++)
        {
            rig.Load.TemporaryZoneConnected(Temp(i));
            rig.SetLimitWatts(Temp(i), 1000 + i);
            rig.Load.ZoneDisconnected(Temp(i));
        }

        Assert.Equal(LoadLimits.NoLimit, rig.Load.EffectiveConsumptionLimitMw);
        rig.Load.ZoneConnected(Grid, ZoneType.GridOperator);
        rig.SetLimitWatts(Grid, 2500);
        Assert.Equal(2_500_000, rig.Load.EffectiveConsumptionLimitMw);
    }

    [Fact]
    public void A_temporary_zone_ending_on_a_device_without_zones_starts_no_failsafe_timer()
    {
        var rig = new LoadRig();
        rig.Load.TemporaryZoneConnected(Temp(1));
        rig.SetLimitWatts(Temp(1), 3000);
        Assert.Equal(ControlState.Limited, rig.Load.ControlState);

        rig.Load.ZoneDisconnected(Temp(1));
        rig.Run(FourHours * 2);

        Assert.Equal(FailsafePhase.Idle, rig.Load.FailsafePhase);
        Assert.Equal(ControlState.Autonomous, rig.Load.ControlState);
        Assert.Equal(LoadLimits.NoLimit, rig.Load.EffectiveConsumptionLimitMw);
    }

    [Fact]
    public void A_temporary_zone_neither_postpones_nor_ends_the_failsafe_of_the_stored_zones()
    {
        var rig = new LoadRig(storedZones: [Grid]);
        rig.RunSeconds(10);

        rig.Load.TemporaryZoneConnected(Temp(1));
        Assert.Equal(FailsafePhase.TimerRunning, rig.Load.FailsafePhase);
        rig.Run(FourHours);
        Assert.Equal(ControlState.Failsafe, rig.Load.ControlState);

        rig.SetLimitWatts(Temp(1), 6000);
        Assert.Equal(ControlState.Failsafe, rig.Load.ControlState);
        rig.Load.ZoneDisconnected(Temp(1));
        Assert.Equal(FailsafePhase.Active, rig.Load.FailsafePhase);

        // The stored zone coming back is what ends it.
        rig.Load.ZoneConnected(Grid, ZoneType.GridOperator);
        rig.SetLimitWatts(Grid, 4000);
        Assert.Equal(ControlState.Limited, rig.Load.ControlState);
    }

    [Fact]
    public void On_equal_limits_a_stored_zone_is_named_as_the_source_over_a_temporary_one()
    {
        var rig = new LoadRig(storedZones: [App]);
        rig.Load.ZoneConnected(App, ZoneType.UserApp);
        rig.SetLimitWatts(App, 3000);
        rig.Load.TemporaryZoneConnected(Temp(1));
        rig.SetLimitWatts(Temp(1), 3000);

        // The temporary zone is the lowest priority; it does not win a tie even as the newer limit.
        Assert.Equal(App, rig.Load.EffectiveLimitZoneId);
    }
}
