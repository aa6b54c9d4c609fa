using Mash.Device.Model;
using Mash.Protocol.Wire;
using Mash.Tool.Commands;
using Mash.Tool.Operating;

namespace Mash.Tool.Tests;

public sealed class CommandParametersTests
{
    private static readonly CommandDeclaration SetLimit = EnergyControlFeature.Declare().FindCommand("setLimit")!;

    [Fact]
    public void Declared_parameters_are_sent_with_their_text_keys_and_declared_types()
    {
        CborMap map = CommandParameters.Parse(["CONSUMPTIONLIMIT=2500000", "cause=4", "duration=60"], SetLimit)!;

        Assert.Equal(CborValue.FromInt64(2_500_000), Value(map, "consumptionLimit"));
        Assert.Equal(CborValue.FromUInt64(4), Value(map, "cause"));
        Assert.Equal(CborValue.FromUInt64(60), Value(map, "duration"));
        Assert.Equal(3, map.Count);
    }

    [Fact]
    public void Without_a_declaration_values_are_int64_then_bool_then_double_then_text()
    {
        CborMap map = CommandParameters.Parse(["a=-5", "b=true", "c=2.5", "d=hello", "e=1e3"], null)!;

        Assert.Equal(CborValue.FromInt64(-5), Value(map, "a"));
        Assert.Equal(CborValue.True, Value(map, "b"));
        Assert.Equal(CborValue.FromDouble(2.5), Value(map, "c"));
        Assert.Equal(CborValue.FromText("hello"), Value(map, "d"));
        Assert.Equal(CborValue.FromDouble(1000), Value(map, "e"));
    }

    [Fact]
    public void A_number_as_key_sends_the_integer_key_of_the_feature_documents()
    {
        CborMap map = CommandParameters.Parse(["1=2500000", "4=0"], SetLimit)!;

        Assert.True(map.TryGetValue(1, out CborValue? limit));
        Assert.Equal(2_500_000, limit.AsInt64());
        Assert.True(map.TryGetValue(4, out _));
    }

    [Fact]
    public void No_parameters_is_null_as_the_reference_sends()
    {
        Assert.Null(CommandParameters.Parse([], SetLimit));
    }

    [Theory]
    [InlineData("consumptionLimit", "--param \"consumptionLimit\" is not KEY=VALUE")]
    [InlineData("=5", "--param \"=5\" is not KEY=VALUE")]
    [InlineData("limit=5", "unknown parameter \"limit\" for setLimit; valid: consumptionLimit, productionLimit, duration, cause (required)")]
    [InlineData("cause=-1", "--param cause=\"-1\": cause takes a whole number of at least 0")]
    [InlineData("consumptionLimit=2.5kW", "--param consumptionLimit=\"2.5kW\": consumptionLimit takes a whole number (mW)")]
    public void Malformed_or_unknown_parameters_are_usage_errors(string parameter, string reason)
    {
        CommandFailedException error = Assert.Throws<CommandFailedException>(() => CommandParameters.Parse([parameter], SetLimit));

        Assert.Equal(1, error.ExitCode);
        Assert.Equal(reason, error.Message);
    }

    [Fact]
    public void Limit_set_sends_milliwatts_the_cause_and_a_duration_only_when_given()
    {
        CborMap until = LimitCommand.SetLimitParameters(2500, null, LimitCommand.ParseCause("local-optimization"));
        CborMap timed = LimitCommand.SetLimitParameters(1.5, 600, LimitCommand.ParseCause("grid-emergency"));

        Assert.Equal(CborValue.FromInt64(2_500_000), Value(until, "consumptionLimit"));
        Assert.Equal(CborValue.FromUInt64(3), Value(until, "cause"));
        Assert.False(until.TryGetValue("duration", out _));
        Assert.Equal(CborValue.FromInt64(1500), Value(timed, "consumptionLimit"));
        Assert.Equal(CborValue.FromUInt64(600), Value(timed, "duration"));
        Assert.Equal(CborValue.FromUInt64(0), Value(timed, "cause"));
    }

    private static CborValue Value(CborMap map, string key)
    {
        Assert.True(map.TryGetValue(key, out CborValue? value), key + " missing");
        return value;
    }
}
