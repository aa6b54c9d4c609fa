using System;
using Mash.Device.Commissioning;
using Mash.Device.Load;
using Mash.Device.Model;
using Mash.Device.Tests.Interaction;
using Mash.Protocol.Wire;
using Mash.Protocol.Zones;
using static Mash.Device.Tests.Load.LoadRig;

namespace Mash.Device.Tests.Load;

/// <summary>
/// failsafe-timing.md 5.3: the failsafe values are device-level and the highest-priority zone
/// may update them, so a lower-priority zone (a user app, or a PASE-only session, which acts with
/// USER_APP priority) may not overwrite what a higher-priority zone wrote.
/// </summary>
public class FailsafePriorityTests
{
    private static readonly Requester GridZone = new(Grid, ZoneType.GridOperator);
    private static readonly Requester HomeZone = new(Home, ZoneType.HomeManager);
    private static readonly Requester AppZone = new(App, ZoneType.UserApp);

    private readonly LoadRig _rig = new(storedZones: [Grid, Home, App]);

    [Fact]
    public void A_user_app_cannot_overwrite_the_grid_operators_failsafe_limit_or_duration()
    {
        Assert.True(_rig.Load.SetFailsafeConsumptionLimit(1_000_000, GridZone.ZoneId, GridZone.ZoneType).IsSuccess);
        Assert.True(_rig.Load.SetFailsafeDuration(TimeSpan.FromHours(2), GridZone.ZoneId, GridZone.ZoneType).IsSuccess);

        ControlResult limit = _rig.Load.SetFailsafeConsumptionLimit(9_000_000, AppZone.ZoneId, AppZone.ZoneType);
        ControlResult duration = _rig.Load.SetFailsafeDuration(TimeSpan.FromHours(24), AppZone.ZoneId, AppZone.ZoneType);

        Assert.Equal(StatusCode.NotAuthorized, limit.Status);
        Assert.Equal(StatusCode.NotAuthorized, duration.Status);
        Assert.Contains("GridOperator", limit.Message, StringComparison.Ordinal);
        Assert.Equal(1_000_000, _rig.Load.FailsafeConsumptionLimitMw);
        Assert.Equal(TimeSpan.FromHours(2), _rig.Load.FailsafeDuration);
    }

    [Fact]
    public void The_same_or_a_higher_priority_zone_may_overwrite()
    {
        Assert.True(_rig.Load.SetFailsafeConsumptionLimit(5_000_000, AppZone.ZoneId, AppZone.ZoneType).IsSuccess); // over the device default
        Assert.True(_rig.Load.SetFailsafeConsumptionLimit(4_000_000, "appy0000000000ee", ZoneType.UserApp).IsSuccess);
        Assert.True(_rig.Load.SetFailsafeConsumptionLimit(3_000_000, HomeZone.ZoneId, HomeZone.ZoneType).IsSuccess);
        Assert.True(_rig.Load.SetFailsafeConsumptionLimit(2_000_000, GridZone.ZoneId, GridZone.ZoneType).IsSuccess);
        Assert.Equal(StatusCode.NotAuthorized, _rig.Load.SetFailsafeConsumptionLimit(1_000_000, HomeZone.ZoneId, HomeZone.ZoneType).Status);
        Assert.Equal(2_000_000, _rig.Load.FailsafeConsumptionLimitMw);
        Assert.Equal(new FailsafeSetter(Grid, ZoneType.GridOperator), _rig.Load.FailsafeConsumptionLimitSetBy);
    }

    [Fact]
    public void The_claim_survives_a_reboot()
    {
        _rig.Load.SetFailsafeConsumptionLimit(1_000_000, GridZone.ZoneId, GridZone.ZoneType);

        _rig.Reboot(TimeSpan.FromSeconds(5));

        Assert.Equal(StatusCode.NotAuthorized, _rig.Load.SetFailsafeConsumptionLimit(9_000_000, AppZone.ZoneId, AppZone.ZoneType).Status);
        Assert.Equal(1_000_000, _rig.Load.FailsafeConsumptionLimitMw);
    }

    [Fact]
    public void Removing_the_zone_that_set_the_values_keeps_them_but_lifts_its_claim()
    {
        _rig.Load.SetFailsafeConsumptionLimit(1_000_000, GridZone.ZoneId, GridZone.ZoneType);

        _rig.Load.ZoneRemoved(Grid);

        Assert.Equal(1_000_000, _rig.Load.FailsafeConsumptionLimitMw);
        Assert.True(_rig.Load.SetFailsafeConsumptionLimit(2_000_000, AppZone.ZoneId, AppZone.ZoneType).IsSuccess);
    }

    [Fact]
    public void A_claim_of_a_zone_removed_while_the_device_was_off_is_dropped_at_boot()
    {
        _rig.Load.SetFailsafeConsumptionLimit(1_000_000, GridZone.ZoneId, GridZone.ZoneType);
        _rig.StoredZones = [Home, App];

        _rig.Reboot(TimeSpan.FromSeconds(5));

        Assert.Null(_rig.Load.FailsafeConsumptionLimitSetBy);
        Assert.True(_rig.Load.SetFailsafeConsumptionLimit(2_000_000, AppZone.ZoneId, AppZone.ZoneType).IsSuccess);
    }

    [Fact]
    public void A_PASE_only_session_acting_as_a_user_app_is_held_to_the_same_rule()
    {
        var device = new InteractionRig(load: _rig.Load);
        Peer home = device.Connect(Home, ZoneType.HomeManager);
        Peer pase = device.Connect("pase000000000001", ZoneType.UserApp);
        pase.Connection.Session = new SessionContext { Role = ConnectionRole.PaseSession, ZoneId = "pase000000000001", ZoneType = ZoneType.UserApp };
        Assert.Equal(StatusCode.Success, home.Write(1, FeatureIds.EnergyControl, new CborMap().Set(EnergyControlFeature.FailsafeConsumptionLimit, CborValue.FromInt64(1_000_000))).Status);

        Response response = pase.Write(1, FeatureIds.EnergyControl, new CborMap().Set(EnergyControlFeature.FailsafeConsumptionLimit, CborValue.FromInt64(0)));

        Assert.Equal(StatusCode.NotAuthorized, response.Status);
        Assert.Equal(1_000_000, _rig.Load.FailsafeConsumptionLimitMw);
    }

    [Fact]
    public void Over_the_wire_a_user_app_write_is_NOT_AUTHORIZED_and_the_grid_operator_reads_its_own_values()
    {
        var device = new InteractionRig(load: _rig.Load);
        Peer grid = device.Connect(Grid, ZoneType.GridOperator);
        Peer app = device.Connect(App, ZoneType.UserApp);
        Response set = grid.Write(1, FeatureIds.EnergyControl, new CborMap()
            .Set(EnergyControlFeature.FailsafeConsumptionLimit, CborValue.FromInt64(1_000_000))
            .Set(EnergyControlFeature.FailsafeDuration, CborValue.FromInt64(7200)));
        Assert.Equal(StatusCode.Success, set.Status);

        // Both in one write, the duration alone: refused, and nothing of it applied.
        Response both = app.Write(1, FeatureIds.EnergyControl, new CborMap()
            .Set(EnergyControlFeature.FailsafeConsumptionLimit, CborValue.FromInt64(9_000_000))
            .Set(EnergyControlFeature.FailsafeDuration, CborValue.FromInt64(86400)));
        Response duration = app.Write(1, FeatureIds.EnergyControl, new CborMap()
            .Set(EnergyControlFeature.FailsafeDuration, CborValue.FromInt64(86400)));

        Assert.Equal(StatusCode.NotAuthorized, both.Status);
        Assert.Equal(StatusCode.NotAuthorized, duration.Status);
        Response read = grid.Read(1, FeatureIds.EnergyControl, ReadTests.Ids(EnergyControlFeature.FailsafeConsumptionLimit, EnergyControlFeature.FailsafeDuration));
        Assert.Equal("{70: 1000000, 72: 7200}", read.Payload.ToString());
    }
}
