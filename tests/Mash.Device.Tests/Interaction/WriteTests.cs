using System;
using Mash.Device.Model;
using Mash.Protocol.Wire;

namespace Mash.Device.Tests.Interaction;

public class WriteTests
{
    private readonly InteractionRig _rig = new();
    private readonly Peer _peer;

    public WriteTests()
    {
        _peer = _rig.Connect();
    }

    [Fact]
    public void A_valid_write_is_applied_and_answered_with_the_resulting_values()
    {
        Response response = _peer.Write(1, FeatureIds.EnergyControl, new CborMap()
            .Set(EnergyControlFeature.FailsafeDuration, CborValue.FromInt64(7200))
            .Set(EnergyControlFeature.FailsafeConsumptionLimit, CborValue.FromInt64(1_500_000)));

        Assert.Equal(StatusCode.Success, response.Status);
        Assert.Equal("{70: 1500000, 72: 7200}", response.Payload.ToString());
        Assert.Equal(TimeSpan.FromHours(2), _rig.Load.FailsafeDuration);
        Assert.Equal(1_500_000, _rig.Load.FailsafeConsumptionLimitMw);
    }

    [Theory]
    [InlineData(7199L)]
    [InlineData(86401L)]
    [InlineData(-5L)]
    public void A_value_out_of_range_is_CONSTRAINT_ERROR_and_changes_nothing(long seconds)
    {
        Response response = _peer.Write(1, FeatureIds.EnergyControl, new CborMap().Set(72, CborValue.FromInt64(seconds)));
        Assert.Equal(StatusCode.ConstraintError, response.Status);
        Assert.True(response.Payload.TryGetValue(1, out CborValue? message));
        Assert.Contains("failsafeDuration", message.AsText(), StringComparison.Ordinal);
        Assert.Equal(SimpleLoadControl.DefaultFailsafeDuration, _rig.Load.FailsafeDuration);
    }

    [Theory]
    [InlineData("text")]
    [InlineData("bool")]
    [InlineData("float")]
    [InlineData("null")]
    public void A_value_of_the_wrong_type_is_INVALID_PARAMETER_and_changes_nothing(string kind)
    {
        CborValue value = kind switch
        {
            "text" => CborValue.FromText("7200"),
            "bool" => CborValue.True,
            "float" => CborValue.FromDouble(7200.0),
            _ => CborValue.Null,
        };
        Response response = _peer.Write(1, FeatureIds.EnergyControl, new CborMap().Set(72, value));
        Assert.Equal(StatusCode.InvalidParameter, response.Status);
        Assert.Equal(SimpleLoadControl.DefaultFailsafeDuration, _rig.Load.FailsafeDuration);
    }

    [Fact]
    public void A_write_with_one_bad_value_applies_none_of_its_values()
    {
        Response response = _peer.Write(1, FeatureIds.EnergyControl, new CborMap()
            .Set(70, CborValue.FromInt64(2_000_000))
            .Set(72, CborValue.FromInt64(100)));
        Assert.Equal(StatusCode.ConstraintError, response.Status);
        Assert.Equal(0, _rig.Load.FailsafeConsumptionLimitMw);
    }

    [Theory]
    [InlineData(EnergyControlFeature.ControlStateId)]
    [InlineData(EnergyControlFeature.MyConsumptionLimit)]
    [InlineData(GlobalAttributes.FeatureMap)]
    [InlineData(0xFFF0)]
    [InlineData(0xFFFF)]
    public void Read_only_and_global_attributes_answer_READ_ONLY(int attribute)
    {
        Response response = _peer.Write(1, FeatureIds.EnergyControl, new CborMap().Set(attribute, CborValue.FromInt64(1)));
        Assert.Equal(StatusCode.ReadOnly, response.Status);
    }

    [Fact]
    public void DeviceInfo_is_read_only()
    {
        Response response = _peer.Write(0, FeatureIds.DeviceInfo, new CborMap().Set(DeviceInfoFeature.SerialNumber, CborValue.FromText("X")));
        Assert.Equal(StatusCode.ReadOnly, response.Status);
    }

    [Theory]
    [InlineData(99)]
    [InlineData(70000)]
    public void An_attribute_that_does_not_exist_is_INVALID_ATTRIBUTE(int attribute)
    {
        Response response = _peer.Write(1, FeatureIds.EnergyControl, new CborMap().Set(attribute, CborValue.FromInt64(1)));
        Assert.Equal(StatusCode.InvalidAttribute, response.Status);
    }

    [Theory]
    [InlineData("absent")]
    [InlineData("array")]
    [InlineData("text key")]
    public void A_write_that_is_not_a_map_of_attribute_ids_is_INVALID_PARAMETER(string what)
    {
        CborValue? payload = what switch
        {
            "absent" => null,
            "array" => CborValue.FromArray(CborValue.FromInt64(72)),
            _ => CborValue.FromMap(new CborMap().Set("failsafeDuration", CborValue.FromInt64(7200))),
        };
        Response response = _peer.Send(Operation.Write, 1, FeatureIds.EnergyControl, payload);
        Assert.Equal(StatusCode.InvalidParameter, response.Status);
        Assert.Equal(SimpleLoadControl.DefaultFailsafeDuration, _rig.Load.FailsafeDuration);
    }
}
