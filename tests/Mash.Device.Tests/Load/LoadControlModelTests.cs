using System;
using System.Collections.Generic;
using Mash.Device.Load;
using Mash.Device.Model;
using Mash.Protocol.Wire;
using Mash.Protocol.Zones;
using static Mash.Device.Tests.Load.LoadRig;

namespace Mash.Device.Tests.Load;

/// <summary>The device model served over the real load control: what a subscriber would see.</summary>
public class LoadControlModelTests
{
    private static readonly Requester GridRequester = new(Grid, ZoneType.GridOperator);

    private readonly LoadRig _rig = new(storedZones: [Grid]);
    private readonly DeviceModel _model;
    private readonly List<(byte Feature, ushort Attribute)> _changes = [];

    public LoadControlModelTests()
    {
        _model = SmartLoadModel.Create(_rig.Board, "00112233aabbccdd", null, _rig.Load);
        _model.AttributeChanged += (f, a) => _changes.Add((f.Declaration.Id, a));
        _rig.Connect(Grid);
        _rig.RunSeconds(10);
    }

    [Fact]
    public void Failsafe_shows_in_controlState_and_the_effective_limit_and_is_announced_to_subscriptions()
    {
        Feature control = _model.FindFeature(1, FeatureIds.EnergyControl)!;
        Feature measurement = _model.FindFeature(1, FeatureIds.Measurement)!;
        Assert.Equal((ulong)ControlState.Controlled, control.Read(EnergyControlFeature.ControlStateId, GridRequester).AsUInt64());
        Assert.Equal(6_000_000L, measurement.Read(MeasurementFeature.AcActivePower, GridRequester).AsInt64());
        _changes.Clear();

        _rig.Load.ZoneDisconnected(Grid);
        _rig.Run(TimeSpan.FromSeconds(14400));

        Assert.Equal((ulong)ControlState.Failsafe, control.Read(EnergyControlFeature.ControlStateId, GridRequester).AsUInt64());
        Assert.Equal(0L, control.Read(EnergyControlFeature.EffectiveConsumptionLimit, GridRequester).AsInt64());
        Assert.Equal(0L, measurement.Read(MeasurementFeature.AcActivePower, GridRequester).AsInt64());
        Assert.Contains((FeatureIds.EnergyControl, EnergyControlFeature.ControlStateId), _changes);
        Assert.Contains((FeatureIds.EnergyControl, EnergyControlFeature.EffectiveConsumptionLimit), _changes);
        Assert.Contains((FeatureIds.Measurement, MeasurementFeature.AcActivePower), _changes);
    }

    [Fact]
    public void A_delayed_switch_on_reaches_Measurement_subscribers_when_it_happens()
    {
        _rig.SetLimitWatts(Grid, 1000);
        _rig.Load.ClearLimit(Grid);
        _changes.Clear();

        _rig.RunSeconds(10);

        Assert.Contains((FeatureIds.Measurement, MeasurementFeature.AcActivePower), _changes);
        Assert.Equal(6_000_000L, _model.FindFeature(1, FeatureIds.Measurement)!.Read(MeasurementFeature.AcActivePower, GridRequester).AsInt64());
    }

    [Fact]
    public void Each_zone_reads_its_own_limit()
    {
        _rig.SetLimitWatts(Grid, 2000);
        Feature control = _model.FindFeature(1, FeatureIds.EnergyControl)!;

        Assert.Equal(2_000_000L, control.Read(EnergyControlFeature.MyConsumptionLimit, GridRequester).AsInt64());
        Assert.True(control.Read(EnergyControlFeature.MyConsumptionLimit, new Requester(Home, ZoneType.HomeManager)).IsNull);
    }
}
