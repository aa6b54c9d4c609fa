using System.IO;
using System.Text;
using System.Text.Json;
using Mash.Device.Model;
using Mash.Protocol.Wire;
using Mash.Tool.Operating;

namespace Mash.Tool.Tests;

public sealed class ValueFormatTests
{
    [Theory]
    [InlineData(2_500_000, "mW", "2500000 mW (2500 W)")]
    [InlineData(1_500, "mW", "1500 mW (1.5 W)")]
    [InlineData(7200, "s", "7200 s")]
    [InlineData(42, null, "42")]
    public void Numbers_carry_their_unit_and_milliwatts_also_read_in_watts(long value, string? unit, string expected)
    {
        Assert.Equal(expected, ValueFormat.Text(CborValue.FromInt64(value), unit));
    }

    [Fact]
    public void Null_and_text_are_told_apart()
    {
        Assert.Equal("null", ValueFormat.Text(CborValue.Null, "mW"));
        Assert.Equal("\"null\"", ValueFormat.Text(CborValue.FromText("null"), null));
    }

    [Fact]
    public void Enumerated_states_are_named_as_the_specification_writes_them()
    {
        Assert.Equal("LIMITED", EnumNames.Describe(FeatureIds.EnergyControl, EnergyControlFeature.ControlStateId, CborValue.FromUInt64(2)));
        Assert.Equal("WATER_HEATER", EnumNames.Describe(FeatureIds.EnergyControl, EnergyControlFeature.DeviceTypeId, CborValue.FromUInt64(2)));
        Assert.Equal("RUNNING", EnumNames.Describe(FeatureIds.Status, StatusFeature.OperatingStateId, CborValue.FromUInt64(4)));
        Assert.Null(EnumNames.Describe(FeatureIds.EnergyControl, EnergyControlFeature.ControlStateId, CborValue.FromUInt64(99)));
        Assert.Null(EnumNames.Describe(FeatureIds.Measurement, MeasurementFeature.AcActivePower, CborValue.FromUInt64(2)));
    }

    [Fact]
    public void JSON_keeps_numbers_writes_bytes_as_hex_and_integer_keys_as_strings()
    {
        var map = new CborMap()
            .Set(1, CborValue.FromBytes([0xAB, 0x01]))
            .Set("limit", CborValue.FromInt64(-5))
            .Set(2, CborValue.FromArray(CborValue.True, CborValue.Null, CborValue.FromDouble(0.5)));
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            ValueFormat.WriteJson(writer, map);
        }

        Assert.Equal("{\"1\":\"ab01\",\"limit\":-5,\"2\":[true,null,0.5]}", Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
