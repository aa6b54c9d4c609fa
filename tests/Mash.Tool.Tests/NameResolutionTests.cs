using Mash.Device.Model;
using Mash.Tool.Commands;
using Mash.Tool.Operating;

namespace Mash.Tool.Tests;

public sealed class NameResolutionTests
{
    [Fact]
    public void Feature_attribute_and_command_names_resolve_to_the_IDs_the_device_serves()
    {
        (byte feature, FeatureDeclaration? declaration) = ModelNames.ResolveFeature(1, "energyControl");
        Assert.Equal(FeatureIds.EnergyControl, feature);
        Assert.Equal(EnergyControlFeature.EffectiveConsumptionLimit, ModelNames.ResolveAttribute(declaration, "effectiveConsumptionLimit").Id);
        Assert.Equal(EnergyControlFeature.SetLimitCommand, ModelNames.ResolveCommand(declaration, "setLimit").Id);
        Assert.Equal(GlobalAttributes.AttributeList, ModelNames.ResolveAttribute(declaration, "attributeList").Id);
    }

    [Fact]
    public void Names_ignore_case_and_numbers_are_taken_as_IDs_in_decimal_or_hex()
    {
        Assert.Equal(FeatureIds.Measurement, ModelNames.ResolveFeature(1, "MEASUREMENT").Id);
        Assert.Equal((byte)7, ModelNames.ResolveFeature(1, "7").Id);
        Assert.Null(ModelNames.ResolveFeature(1, "7").Declaration);
        FeatureDeclaration energy = EnergyControlFeature.Declare();
        Assert.Equal((ushort)0xFFFB, ModelNames.ResolveAttribute(energy, "0xfffb").Id);
        Assert.Equal((ushort)20, ModelNames.ResolveAttribute(energy, "20").Id);
    }

    [Fact]
    public void An_unknown_feature_name_is_a_usage_error_listing_the_features_of_the_endpoint()
    {
        CommandFailedException error = Assert.Throws<CommandFailedException>(() => ModelNames.ResolveFeature(1, "energycontrl"));

        Assert.Equal(1, error.ExitCode);
        Assert.Equal("unknown feature \"energycontrl\" on endpoint 1; valid: status, electrical, measurement, energyControl", error.Message);
    }

    [Fact]
    public void A_feature_asked_for_on_the_wrong_endpoint_says_where_it_is()
    {
        CommandFailedException error = Assert.Throws<CommandFailedException>(() => ModelNames.ResolveFeature(1, "deviceInfo"));

        Assert.Contains("(deviceInfo is on endpoint 0)", error.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Without_an_endpoint_a_feature_name_picks_the_endpoint_that_has_it()
    {
        Assert.Equal((byte)0, ModelNames.ChooseEndpoint(null, "deviceInfo"));
        Assert.Equal((byte)1, ModelNames.ChooseEndpoint(null, "energyControl"));
        Assert.Equal((byte)1, ModelNames.ChooseEndpoint(null, null));
        Assert.Equal((byte)3, ModelNames.ChooseEndpoint(3, "deviceInfo"));
    }

    [Fact]
    public void Unknown_attribute_and_command_names_list_the_valid_ones()
    {
        FeatureDeclaration energy = EnergyControlFeature.Declare();

        CommandFailedException attribute = Assert.Throws<CommandFailedException>(() => ModelNames.ResolveAttribute(energy, "limit"));
        CommandFailedException command = Assert.Throws<CommandFailedException>(() => ModelNames.ResolveCommand(energy, "setlimt"));
        CommandFailedException none = Assert.Throws<CommandFailedException>(() => ModelNames.ResolveCommand(MeasurementFeature.Declare(), "reset"));

        Assert.StartsWith("unknown attribute \"limit\" in energyControl; valid: deviceType, controlState,", attribute.Message, System.StringComparison.Ordinal);
        Assert.Equal("unknown command \"setlimt\" in energyControl; valid: setLimit, clearLimit", command.Message);
        Assert.Equal("measurement has no commands", none.Message);
    }

    [Fact]
    public void Attributes_without_a_feature_are_grouped_under_the_features_that_declare_them()
    {
        (byte endpoint, var features) = FeatureSelection.Resolve(null, null, ["effectiveConsumptionLimit", "acActivePower", "myConsumptionLimit"]);

        Assert.Equal((byte)1, endpoint);
        Assert.Collection(
            features,
            energy =>
            {
                Assert.Equal("energyControl", energy.Label);
                Assert.Equal([(ushort)20, (ushort)21], energy.AttributeIds);
            },
            measurement =>
            {
                Assert.Equal("measurement", measurement.Label);
                Assert.Equal([(ushort)1], measurement.AttributeIds);
            });
    }

    [Fact]
    public void A_global_attribute_without_a_feature_asks_for_one()
    {
        CommandFailedException error = Assert.Throws<CommandFailedException>(() => FeatureSelection.Resolve(null, null, ["featureMap"]));

        Assert.Equal("featureMap is a global attribute of every feature; choose one with --feature", error.Message);
    }

    [Fact]
    public void Without_feature_or_attributes_every_feature_of_the_endpoint_is_read_whole()
    {
        (byte endpoint, var features) = FeatureSelection.Resolve(0, null, []);

        Assert.Equal((byte)0, endpoint);
        FeatureSelection only = Assert.Single(features);
        Assert.Equal("deviceInfo", only.Label);
        Assert.Empty(only.AttributeIds);
        Assert.Null(only.ReadPayload());
    }
}
