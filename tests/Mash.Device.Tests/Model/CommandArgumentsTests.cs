using Mash.Device.Model;
using Mash.Protocol.Wire;

namespace Mash.Device.Tests.Model;

public class CommandArgumentsTests
{
    private static readonly CommandDeclaration SetLimit = EnergyControlFeature.Declare().FindCommand("setLimit")!;

    [Fact]
    public void Text_keys_as_mash_go_sends_them_are_read_by_name()
    {
        var map = new CborMap().Set("consumptionLimit", CborValue.FromInt64(5_000_000)).Set("cause", CborValue.FromInt64(3));
        Assert.Equal(StatusCode.Success, CommandArguments.TryParse(SetLimit, CborValue.FromMap(map), out CommandArguments? args, out _));
        Assert.Equal(5_000_000L, args!.GetInt64("consumptionLimit", -1));
        Assert.Equal(3L, args.GetInt64("cause", -1));
        Assert.False(args.TryGetInt64("duration", out _));
    }

    [Fact]
    public void Integer_keys_of_the_63_feature_document_are_read_as_the_same_parameters()
    {
        var map = new CborMap().Set(1, CborValue.FromInt64(6_000_000)).Set(3, CborValue.FromInt64(60)).Set(4, CborValue.FromInt64(2));
        Assert.Equal(StatusCode.Success, CommandArguments.TryParse(SetLimit, CborValue.FromMap(map), out CommandArguments? args, out _));
        Assert.Equal(6_000_000L, args!.GetInt64("consumptionLimit", -1));
        Assert.True(args.TryGetInt64("duration", out long duration));
        Assert.Equal(60L, duration);
        Assert.Equal(2L, args.GetInt64("cause", -1));
    }

    [Theory]
    [InlineData("missing cause")]
    [InlineData("null value")]
    [InlineData("negative limit")]
    [InlineData("cause out of range")]
    [InlineData("text limit")]
    [InlineData("given twice")]
    [InlineData("not a map")]
    public void Bad_parameters_are_INVALID_PARAMETER(string what)
    {
        CborValue parameters = what switch
        {
            "missing cause" => Map(new CborMap().Set("consumptionLimit", CborValue.FromInt64(1))),
            "null value" => Map(new CborMap().Set("consumptionLimit", CborValue.Null).Set("cause", CborValue.FromInt64(1))),
            "negative limit" => Map(new CborMap().Set("consumptionLimit", CborValue.FromInt64(-1)).Set("cause", CborValue.FromInt64(1))),
            "cause out of range" => Map(new CborMap().Set("consumptionLimit", CborValue.FromInt64(1)).Set("cause", CborValue.FromInt64(5))),
            "text limit" => Map(new CborMap().Set("consumptionLimit", CborValue.FromText("5 kW")).Set("cause", CborValue.FromInt64(1))),
            "given twice" => Map(new CborMap().Set("consumptionLimit", CborValue.FromInt64(1)).Set(1, CborValue.FromInt64(2)).Set("cause", CborValue.FromInt64(1))),
            _ => CborValue.FromArray(CborValue.FromInt64(1)),
        };

        Assert.Equal(StatusCode.InvalidParameter, CommandArguments.TryParse(SetLimit, parameters, out CommandArguments? args, out string? problem));
        Assert.Null(args);
        Assert.False(string.IsNullOrEmpty(problem));
    }

    [Fact]
    public void Absent_or_null_parameters_are_fine_for_a_command_without_required_ones()
    {
        CommandDeclaration clear = EnergyControlFeature.Declare().FindCommand(EnergyControlFeature.ClearLimitCommand)!;
        Assert.Equal(StatusCode.Success, CommandArguments.TryParse(clear, null, out _, out _));
        Assert.Equal(StatusCode.Success, CommandArguments.TryParse(clear, CborValue.Null, out CommandArguments? args, out _));
        Assert.False(args!.Has("direction"));
    }

    [Fact]
    public void Unknown_keys_are_ignored_as_everywhere_in_the_codec()
    {
        var map = new CborMap().Set("cause", CborValue.FromInt64(0)).Set("vendorExtension", CborValue.True).Set(99, CborValue.Null);
        Assert.Equal(StatusCode.Success, CommandArguments.TryParse(SetLimit, CborValue.FromMap(map), out _, out _));
    }

    private static CborValue Map(CborMap map) => CborValue.FromMap(map);
}
