using System;
using Mash.Device.Load;
using Mash.Device.Model;
using Mash.Protocol.Wire;
using Mash.Protocol.Zones;

namespace Mash.Device.Tests.Interaction;

public class InvokeTests
{
    private readonly InteractionRig _rig = new();
    private readonly Peer _peer;

    public InvokeTests()
    {
        _peer = _rig.Connect("zone-a", ZoneType.HomeManager);
    }

    [Fact]
    public void SetLimit_with_the_text_keys_mash_go_sends_sets_the_zones_limit_and_answers_with_text_keys()
    {
        Response response = _peer.Invoke(1, FeatureIds.EnergyControl, EnergyControlFeature.SetLimitCommand, Params(
            ("consumptionLimit", CborValue.FromInt64(5_000_000)), ("cause", CborValue.FromInt64(3))));

        Assert.Equal(StatusCode.Success, response.Status);
        Assert.Equal("{\"success\": true, \"effectiveConsumptionLimit\": 5000000, \"effectiveProductionLimit\": null}", Sorted(response));
        Assert.Equal(new LimitRequest("zone-a", ZoneType.HomeManager, 5_000_000, TimeSpan.Zero, LimitCause.LocalOptimization), _rig.Load.LastSetLimit);
        Assert.Equal("{21: 5000000}", _peer.Read(1, FeatureIds.EnergyControl, ReadTests.Ids(21)).Payload.ToString());
    }

    [Fact]
    public void SetLimit_with_the_integer_keys_of_the_63_feature_document_works_the_same()
    {
        var parameters = new CborMap().Set(1, CborValue.FromInt64(6_000_000)).Set(3, CborValue.FromInt64(60)).Set(4, CborValue.FromInt64(2));
        Response response = _peer.Invoke(1, FeatureIds.EnergyControl, 1, CborValue.FromMap(parameters));

        Assert.Equal(StatusCode.Success, response.Status);
        Assert.True(response.Payload.TryGetValue("success", out CborValue? success));
        Assert.True(success.AsBoolean());
        Assert.Equal(new LimitRequest("zone-a", ZoneType.HomeManager, 6_000_000, TimeSpan.FromSeconds(60), LimitCause.LocalProtection), _rig.Load.LastSetLimit);
    }

    [Fact]
    public void Each_request_is_attributed_to_the_zone_of_its_connection_and_the_result_shows_the_lowest_limit()
    {
        _peer.Invoke(1, FeatureIds.EnergyControl, 1, Params(("consumptionLimit", CborValue.FromInt64(5_000_000)), ("cause", CborValue.FromInt64(3))));
        Peer grid = _rig.Connect("zone-grid", ZoneType.GridOperator);
        Response response = grid.Invoke(1, FeatureIds.EnergyControl, 1, Params(("consumptionLimit", CborValue.FromInt64(7_000_000)), ("cause", CborValue.FromInt64(0))));

        Assert.Equal("zone-grid", _rig.Load.LastSetLimit!.ZoneId);
        Assert.Equal(ZoneType.GridOperator, _rig.Load.LastSetLimit!.ZoneType);
        Assert.True(response.Payload.TryGetValue("effectiveConsumptionLimit", out CborValue? effective));
        Assert.Equal(5_000_000L, effective.AsInt64());
    }

    [Fact]
    public void A_duration_of_0_means_until_cleared()
    {
        _peer.Invoke(1, FeatureIds.EnergyControl, 1, Params(("consumptionLimit", CborValue.FromInt64(1)), ("duration", CborValue.FromInt64(0)), ("cause", CborValue.FromInt64(4))));
        Assert.Equal(TimeSpan.Zero, _rig.Load.LastSetLimit!.Duration);
    }

    [Theory]
    [InlineData("no limit at all")]
    [InlineData("duration over 24 h")]
    [InlineData("negative consumption")]
    [InlineData("cause missing")]
    [InlineData("null parameter")]
    public void Bad_setLimit_parameters_are_INVALID_PARAMETER_and_change_nothing(string what)
    {
        CborValue parameters = what switch
        {
            "no limit at all" => Params(("cause", CborValue.FromInt64(3))),
            "duration over 24 h" => Params(("consumptionLimit", CborValue.FromInt64(1)), ("duration", CborValue.FromInt64(86_401)), ("cause", CborValue.FromInt64(3))),
            "negative consumption" => Params(("consumptionLimit", CborValue.FromInt64(-1)), ("cause", CborValue.FromInt64(3))),
            "cause missing" => Params(("consumptionLimit", CborValue.FromInt64(1))),
            _ => Params(("consumptionLimit", CborValue.FromInt64(1)), ("duration", CborValue.Null), ("cause", CborValue.FromInt64(3))),
        };
        Response response = _peer.Invoke(1, FeatureIds.EnergyControl, 1, parameters);
        Assert.Equal(StatusCode.InvalidParameter, response.Status);
        Assert.Null(_rig.Load.LastSetLimit);
        Assert.Equal(LoadLimits.NoLimit, _rig.Load.EffectiveConsumptionLimitMw);
    }

    [Fact]
    public void A_production_limit_alone_is_accepted_and_leaves_the_consumption_limit_as_it_was()
    {
        _peer.Invoke(1, FeatureIds.EnergyControl, 1, Params(("consumptionLimit", CborValue.FromInt64(2_000_000)), ("cause", CborValue.FromInt64(3))));
        Response response = _peer.Invoke(1, FeatureIds.EnergyControl, 1, Params(("productionLimit", CborValue.FromInt64(0)), ("cause", CborValue.FromInt64(3))));
        Assert.Equal(StatusCode.Success, response.Status);
        Assert.Equal(2_000_000, _rig.Load.GetConsumptionLimitMw("zone-a"));
    }

    [Fact]
    public void ClearLimit_with_null_parameters_removes_the_zones_limit()
    {
        _peer.Invoke(1, FeatureIds.EnergyControl, 1, Params(("consumptionLimit", CborValue.FromInt64(2_000_000)), ("cause", CborValue.FromInt64(3))));
        Response response = _peer.Invoke(1, FeatureIds.EnergyControl, EnergyControlFeature.ClearLimitCommand, CborValue.Null);
        Assert.Equal(StatusCode.Success, response.Status);
        Assert.Equal("{\"success\": true}", response.Payload.ToString());
        Assert.Equal(LoadLimits.NoLimit, _rig.Load.GetConsumptionLimitMw("zone-a"));
    }

    [Fact]
    public void ClearLimit_for_production_only_keeps_the_consumption_limit()
    {
        _peer.Invoke(1, FeatureIds.EnergyControl, 1, Params(("consumptionLimit", CborValue.FromInt64(2_000_000)), ("cause", CborValue.FromInt64(3))));
        _peer.Invoke(1, FeatureIds.EnergyControl, 2, Params(("direction", CborValue.FromInt64(1))));
        Assert.Equal(2_000_000, _rig.Load.GetConsumptionLimitMw("zone-a"));
    }

    [Fact]
    public void A_connection_that_acts_for_no_zone_may_not_set_limits()
    {
        _peer.Connection.Session = null;
        Response response = _peer.Invoke(1, FeatureIds.EnergyControl, 1, Params(("consumptionLimit", CborValue.FromInt64(1)), ("cause", CborValue.FromInt64(3))));
        Assert.Equal(StatusCode.NotAuthorized, response.Status);
    }

    [Fact]
    public void A_refusal_of_the_load_control_is_passed_on_with_its_status()
    {
        for (int i = 0; i < 6; i++)
        {
            _rig.Load.SetLimit("zone-" + i, ZoneType.UserApp, true, 1_000_000, TimeSpan.Zero, LimitCause.UserPreference);
        }

        Response response = _peer.Invoke(1, FeatureIds.EnergyControl, 1, Params(("consumptionLimit", CborValue.FromInt64(1)), ("cause", CborValue.FromInt64(3))));
        Assert.Equal(StatusCode.ResourceExhausted, response.Status);
    }

    private static CborValue Params(params (string Key, CborValue Value)[] entries)
    {
        var map = new CborMap();
        foreach ((string key, CborValue value) in entries)
        {
            map.Set(key, value);
        }

        return CborValue.FromMap(map);
    }

    private static string Sorted(Response response)
    {
        // The decoded map is in canonical (wire) order; show it in the declared result order.
        var ordered = new CborMap();
        foreach (string key in EnergyControlFeature.Declare().FindCommand(1)!.Results)
        {
            Assert.True(response.Payload.TryGetValue(key, out CborValue? value), key);
            ordered.Set(key, value);
        }

        Assert.Equal(ordered.Count, response.Payload.Count);
        return ordered.ToString();
    }
}
