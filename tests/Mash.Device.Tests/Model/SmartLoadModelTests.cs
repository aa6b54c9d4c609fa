using System;
using System.Collections.Generic;
using Mash.Device.Boards;
using Mash.Device.Load;
using Mash.Device.Model;
using Mash.Device.Tests.Boards;
using Mash.Protocol.Wire;
using Mash.Protocol.Zones;

namespace Mash.Device.Tests.Model;

public class SmartLoadModelTests
{
    private const string DeviceId = "00112233aabbccdd";
    private static readonly Requester ZoneA = new("zone-a", ZoneType.HomeManager);

    private readonly SimpleLoadControl _load = new();
    private readonly DeviceModel _model;
    private readonly List<(byte Feature, ushort Attribute)> _changes = [];

    public SmartLoadModelTests()
    {
        _model = SmartLoadModel.Create(TestBoards.WaterHeater(), DeviceId, serialNumber: null, _load);
        _model.AttributeChanged += (f, a) => _changes.Add((f.Declaration.Id, a));
    }

    [Fact]
    public void DeviceInfo_tells_who_the_device_is_and_uses_the_device_id_as_serial_when_the_board_has_none()
    {
        Feature info = _model.FindFeature(0, "deviceInfo")!;
        Assert.Equal(DeviceId, info.Read(DeviceInfoFeature.DeviceId, ZoneA).AsText());
        Assert.Equal(DeviceId, info.Read(DeviceInfoFeature.SerialNumber, ZoneA).AsText());
        Assert.Equal("MASH Smart-Load Project", info.Read(DeviceInfoFeature.VendorName, ZoneA).AsText());
        Assert.Equal("Test Heater", info.Read(DeviceInfoFeature.ProductName, ZoneA).AsText());
        Assert.Equal(65521UL, info.Read(DeviceInfoFeature.VendorId, ZoneA).AsUInt64());
        Assert.Equal(1UL, info.Read(DeviceInfoFeature.ProductId, ZoneA).AsUInt64());
        Assert.Equal("0.1.0", info.Read(DeviceInfoFeature.SoftwareVersion, ZoneA).AsText());
        Assert.True(info.Read(DeviceInfoFeature.HardwareVersion, ZoneA).IsNull);
        Assert.Equal("1.0", info.Read(DeviceInfoFeature.SpecVersion, ZoneA).AsText());
        Assert.Equal(_model.Declaration.EndpointListValue(), info.Read(DeviceInfoFeature.Endpoints, ZoneA));
    }

    [Fact]
    public void A_configured_serial_number_is_served_as_given()
    {
        DeviceModel model = SmartLoadModel.Create(TestBoards.WaterHeater(), DeviceId, "SN-42", _load);
        Assert.Equal("SN-42", model.FindFeature(0, FeatureIds.DeviceInfo)!.Read(DeviceInfoFeature.SerialNumber, ZoneA).AsText());
    }

    [Fact]
    public void Electrical_describes_a_single_phase_230_V_consumer_rated_at_the_sum_of_its_stages()
    {
        Feature electrical = _model.FindFeature(1, "electrical")!;
        Assert.Equal(1UL, electrical.Read(ElectricalFeature.PhaseCount, ZoneA).AsUInt64());
        Assert.Equal(230UL, electrical.Read(ElectricalFeature.NominalVoltage, ZoneA).AsUInt64());
        Assert.Equal(50UL, electrical.Read(ElectricalFeature.NominalFrequency, ZoneA).AsUInt64());
        Assert.Equal(0UL, electrical.Read(ElectricalFeature.SupportedDirections, ZoneA).AsUInt64());
        Assert.Equal(6_000_000L, electrical.Read(ElectricalFeature.NominalMaxConsumption, ZoneA).AsInt64());
        Assert.Equal(26_087L, electrical.Read(ElectricalFeature.MaxCurrentPerPhase, ZoneA).AsInt64());
    }

    [Fact]
    public void Measurement_and_Status_follow_the_power_the_stages_draw()
    {
        Feature measurement = _model.FindFeature(1, FeatureIds.Measurement)!;
        Feature status = _model.FindFeature(1, FeatureIds.Status)!;
        Assert.Equal(0L, measurement.Read(MeasurementFeature.AcActivePower, ZoneA).AsInt64());
        Assert.Equal((ulong)OperatingState.Standby, status.Read(StatusFeature.OperatingStateId, ZoneA).AsUInt64());

        _load.SetActivePower(3_000_000);

        Assert.Equal(3_000_000L, measurement.Read(MeasurementFeature.AcActivePower, ZoneA).AsInt64());
        Assert.Equal((ulong)OperatingState.Running, status.Read(StatusFeature.OperatingStateId, ZoneA).AsUInt64());
        Assert.Contains((FeatureIds.Measurement, MeasurementFeature.AcActivePower), _changes);
        Assert.Contains((FeatureIds.Status, StatusFeature.OperatingStateId), _changes);
    }

    [Fact]
    public void A_fault_shows_as_FAULT_with_its_code_and_message_until_cleared()
    {
        var status = (StatusFeature)_model.FindFeature(1, FeatureIds.Status)!;
        status.SetFault(17, "relay 2 welded");
        Assert.Equal((ulong)OperatingState.Fault, status.Read(StatusFeature.OperatingStateId, ZoneA).AsUInt64());
        Assert.Equal(17UL, status.Read(StatusFeature.FaultCode, ZoneA).AsUInt64());
        Assert.Equal("relay 2 welded", status.Read(StatusFeature.FaultMessage, ZoneA).AsText());

        status.ClearFault();
        Assert.Equal((ulong)OperatingState.Standby, status.Read(StatusFeature.OperatingStateId, ZoneA).AsUInt64());
        Assert.True(status.Read(StatusFeature.FaultCode, ZoneA).IsNull);
    }

    [Fact]
    public void Failsafe_is_reported_as_controlState_FAILSAFE_in_EnergyControl()
    {
        Feature control = _model.FindFeature(1, FeatureIds.EnergyControl)!;
        _load.ForceControlState(ControlState.Failsafe);
        Assert.Equal(3UL, control.Read(EnergyControlFeature.ControlStateId, ZoneA).AsUInt64());
        Assert.Contains((FeatureIds.EnergyControl, EnergyControlFeature.ControlStateId), _changes);
    }

    [Fact]
    public void EnergyControl_serves_each_zone_its_own_limit_and_everyone_the_lowest()
    {
        Feature control = _model.FindFeature(1, FeatureIds.EnergyControl)!;
        var zoneB = new Requester("zone-b", ZoneType.GridOperator);
        _load.SetLimit("zone-a", ZoneType.HomeManager, true, 5_000_000, TimeSpan.Zero, LimitCause.LocalOptimization);
        _load.SetLimit("zone-b", ZoneType.GridOperator, true, 4_200_000, TimeSpan.Zero, LimitCause.GridEmergency);

        Assert.Equal(5_000_000L, control.Read(EnergyControlFeature.MyConsumptionLimit, ZoneA).AsInt64());
        Assert.Equal(4_200_000L, control.Read(EnergyControlFeature.MyConsumptionLimit, zoneB).AsInt64());
        Assert.Equal(4_200_000L, control.Read(EnergyControlFeature.EffectiveConsumptionLimit, ZoneA).AsInt64());
        Assert.True(control.Read(EnergyControlFeature.MyConsumptionLimit, new Requester("zone-c", ZoneType.UserApp)).IsNull);
        Assert.True(control.Read(EnergyControlFeature.MyConsumptionLimit, new Requester(null, ZoneType.UserApp)).IsNull);
    }

    [Fact]
    public void EnergyControl_states_what_a_relay_load_offers()
    {
        Feature control = _model.FindFeature(1, FeatureIds.EnergyControl)!;
        Assert.Equal((ulong)DeviceType.WaterHeater, control.Read(EnergyControlFeature.DeviceTypeId, ZoneA).AsUInt64());
        Assert.Equal(CborValue.True, control.Read(EnergyControlFeature.AcceptsLimits, ZoneA));
        foreach (ushort flag in new ushort[] { 11, 12, 13, 14, 15, 16 })
        {
            Assert.Equal(CborValue.False, control.Read(flag, ZoneA));
        }

        Assert.True(control.Read(EnergyControlFeature.EffectiveConsumptionLimit, ZoneA).IsNull);
        Assert.Equal(14_400L, control.Read(EnergyControlFeature.FailsafeDuration, ZoneA).AsInt64());
    }

    [Fact]
    public void Global_attributes_are_served_from_the_declaration()
    {
        Feature control = _model.FindFeature(1, FeatureIds.EnergyControl)!;
        Assert.Equal(control.Declaration.GlobalValue(GlobalAttributes.AttributeList), control.Read(GlobalAttributes.AttributeList, ZoneA));
        Assert.Equal(1UL, control.Read(GlobalAttributes.ClusterRevision, ZoneA).AsUInt64());
        Assert.Equal(FeatureMapBits.Core, control.Read(GlobalAttributes.FeatureMap, ZoneA).AsUInt64());
    }

    [Fact]
    public void The_model_refuses_an_implementation_for_a_different_declaration()
    {
        DeviceDeclaration declaration = SmartLoadModel.Declare(EndpointType.WaterHeater);
        Assert.Throws<System.InvalidOperationException>(() => new DeviceModel(
            declaration,
            (endpoint, feature) => new MeasurementFeature(MeasurementFeature.Declare(), _load)));
    }
}
