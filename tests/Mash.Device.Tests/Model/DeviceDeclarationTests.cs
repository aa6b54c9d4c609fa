using System;
using System.Collections.Generic;
using Mash.Device.Boards;
using Mash.Device.Interaction;
using Mash.Device.Model;
using Mash.Protocol.Wire;

namespace Mash.Device.Tests.Model;

public class DeviceDeclarationTests
{
    private static readonly DeviceDeclaration Device = SmartLoadModel.Declare(EndpointType.WaterHeater);

    public static TheoryData<byte, byte> AllFeatures() => new()
    {
        { 0, FeatureIds.DeviceInfo },
        { 1, FeatureIds.Status },
        { 1, FeatureIds.Electrical },
        { 1, FeatureIds.Measurement },
        { 1, FeatureIds.EnergyControl },
    };

    [Fact]
    public void Endpoint_0_is_the_device_root_with_DeviceInfo_and_endpoint_1_is_the_load_with_the_board_type()
    {
        Assert.Equal(2, Device.Endpoints.Length);
        Assert.Equal(EndpointType.DeviceRoot, Device.Endpoints[0].Type);
        Assert.Equal([FeatureIds.DeviceInfo], Ids(Device.Endpoints[0].Features));
        Assert.Equal(EndpointType.WaterHeater, Device.Endpoints[1].Type);
        Assert.Equal([FeatureIds.Status, FeatureIds.Electrical, FeatureIds.Measurement, FeatureIds.EnergyControl], Ids(Device.Endpoints[1].Features));
    }

    [Fact]
    public void Wire_ids_follow_the_reference_and_the_63_registry_numbers_and_PICS_codes_are_kept_alongside()
    {
        (byte Wire, ushort Registry, string Pics, string Name)[] expected =
        [
            (1, 6, "INFO", "deviceInfo"),
            (2, 5, "STAT", "status"),
            (3, 1, "ELEC", "electrical"),
            (4, 2, "MEAS", "measurement"),
            (5, 3, "CTRL", "energyControl"),
        ];
        foreach ((byte wire, ushort registry, string pics, string name) in expected)
        {
            FeatureDeclaration feature = Find(wire);
            Assert.Equal(registry, feature.RegistryId);
            Assert.Equal(pics, feature.PicsCode);
            Assert.Equal(name, feature.Name);
        }
    }

    [Theory]
    [MemberData(nameof(AllFeatures))]
    public void Global_attributes_are_generated_from_the_declaration(byte endpoint, byte featureId)
    {
        FeatureDeclaration feature = Device.FindEndpoint(endpoint)!.FindFeature(featureId)!;

        Assert.Equal((ulong)feature.Revision, feature.GlobalValue(GlobalAttributes.ClusterRevision).AsUInt64());
        Assert.Equal(feature.FeatureMap, feature.GlobalValue(GlobalAttributes.FeatureMap).AsUInt64());

        var expectedAttributes = new List<ulong>();
        foreach (AttributeDeclaration a in feature.Attributes)
        {
            expectedAttributes.Add(a.Id);
        }

        expectedAttributes.AddRange([0xFFF8, 0xFFF9, 0xFFFA, 0xFFFB, 0xFFFC, 0xFFFD]);
        Assert.Equal(expectedAttributes, Numbers(feature.GlobalValue(GlobalAttributes.AttributeList)));

        var accepted = new List<ulong>();
        var generated = new List<ulong>();
        foreach (CommandDeclaration c in feature.Commands)
        {
            accepted.Add(c.Id);
            if (c.Results.Length > 0)
            {
                generated.Add(c.Id);
            }
        }

        Assert.Equal(accepted, Numbers(feature.GlobalValue(GlobalAttributes.AcceptedCommandList)));
        Assert.Equal(generated, Numbers(feature.GlobalValue(GlobalAttributes.GeneratedCommandList)));
        Assert.Empty(Numbers(feature.GlobalValue(GlobalAttributes.EventList)));
    }

    [Fact]
    public void EnergyControl_accepts_setLimit_and_clearLimit_and_both_answer_with_a_result()
    {
        FeatureDeclaration control = Find(FeatureIds.EnergyControl);
        Assert.Equal([1UL, 2UL], Numbers(control.GlobalValue(GlobalAttributes.AcceptedCommandList)));
        Assert.Equal([1UL, 2UL], Numbers(control.GlobalValue(GlobalAttributes.GeneratedCommandList)));
        Assert.Equal(["success", "effectiveConsumptionLimit", "effectiveProductionLimit"], control.FindCommand(1)!.Results);
    }

    [Fact]
    public void Features_attributes_and_commands_can_be_found_by_name_in_any_case_and_by_id()
    {
        EndpointDeclaration load = Device.FindEndpoint(1)!;
        FeatureDeclaration control = load.FindFeature("EnergyControl")!;
        Assert.Same(control, load.FindFeature(FeatureIds.EnergyControl));
        Assert.Equal(20, control.FindAttribute("effectiveConsumptionLimit")!.Id);
        Assert.Equal("failsafeDuration", control.FindAttribute(72)!.Name);
        Assert.Equal(0xFFFB, control.FindAttribute("attributeList")!.Id);
        Assert.Equal(1, control.FindCommand("SETLIMIT")!.Id);
        Assert.Equal(4, control.FindCommand("setLimit")!.FindParameter("cause")!.Key);
        Assert.Null(control.FindAttribute("noSuchThing"));
        Assert.Null(load.FindFeature("deviceInfo"));
        Assert.Null(Device.FindEndpoint(2));
    }

    [Fact]
    public void Only_the_failsafe_settings_are_writable()
    {
        var writable = new List<string>();
        foreach (EndpointDeclaration endpoint in Device.Endpoints)
        {
            foreach (FeatureDeclaration feature in endpoint.Features)
            {
                foreach (AttributeDeclaration a in feature.Attributes)
                {
                    if (a.Writable)
                    {
                        writable.Add(feature.Name + "." + a.Name);
                    }
                }
            }
        }

        Assert.Equal(["energyControl.failsafeConsumptionLimit", "energyControl.failsafeDuration"], writable);
        AttributeDeclaration duration = Find(FeatureIds.EnergyControl).FindAttribute(72)!;
        Assert.Equal(7200, duration.Minimum);
        Assert.Equal(86400, duration.Maximum);
    }

    [Fact]
    public void Subscribing_to_all_attributes_of_any_feature_stays_within_the_declared_maximum()
    {
        foreach (EndpointDeclaration endpoint in Device.Endpoints)
        {
            foreach (FeatureDeclaration feature in endpoint.Features)
            {
                Assert.True(feature.Attributes.Length <= SubscriptionLimits.MaxAttributesPerSubscription, feature.Name);
            }
        }
    }

    [Fact]
    public void The_test_event_trigger_command_is_declared_only_when_enabled()
    {
        // Without the key DeviceInfo offers only the zone commands (removeZone, listZones, openCommissioningWindow).
        Assert.Null(Find(FeatureIds.DeviceInfo).FindCommand(TestEventTriggers.CommandId));
        Assert.Equal([0x10UL, 0x11UL, 0x12UL], Numbers(Find(FeatureIds.DeviceInfo).GlobalValue(GlobalAttributes.AcceptedCommandList)));
        FeatureDeclaration withTrigger = SmartLoadModel.Declare(EndpointType.WaterHeater, testEventTriggers: true).FindEndpoint(0)!.FindFeature(FeatureIds.DeviceInfo)!;
        Assert.Equal([0x10UL, 0x11UL, 0x12UL, (ulong)TestEventTriggers.CommandId], Numbers(withTrigger.GlobalValue(GlobalAttributes.AcceptedCommandList)));
        Assert.Equal(TestEventTriggers.CommandName, withTrigger.FindCommand(TestEventTriggers.CommandId)!.Name);
    }

    [Fact]
    public void The_endpoint_list_names_each_endpoint_its_type_features_and_featureMap()
    {
        CborValue list = Device.EndpointListValue();
        Assert.Equal(
            "[{1: 0, 2: 0, 4: [1], 5: 1}, {1: 1, 2: 7, 4: [2, 3, 4, 5], 5: 1}]",
            list.ToString());
    }

    [Fact]
    public void A_declaration_that_would_contradict_its_generated_attributes_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new FeatureDeclaration(9, "x", 9, "X", 1, 0, [new(0xFFFC, "featureMap", AttributeType.UInt32)]));
        Assert.Throws<ArgumentException>(() => new FeatureDeclaration(9, "x", 9, "X", 1, 0, [new(2, "a", AttributeType.UInt8), new(2, "b", AttributeType.UInt8)]));
        Assert.Throws<ArgumentException>(() => new FeatureDeclaration(9, "x", 9, "X", 1, 0, [new(2, "a", AttributeType.UInt8), new(3, "A", AttributeType.UInt8)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FeatureDeclaration(0, "x", 9, "X", 1, 0, []));
        Assert.Throws<ArgumentException>(() => new EndpointDeclaration(1, EndpointType.DeviceRoot, []));
    }

    private static FeatureDeclaration Find(byte featureId) =>
        Device.FindEndpoint(featureId == FeatureIds.DeviceInfo ? (byte)0 : (byte)1)!.FindFeature(featureId)!;

    private static byte[] Ids(IReadOnlyList<FeatureDeclaration> features)
    {
        var ids = new byte[features.Count];
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = features[i].Id;
        }

        return ids;
    }

    private static List<ulong> Numbers(CborValue array)
    {
        var list = new List<ulong>();
        for (int i = 0; i < array.Count; i++)
        {
            list.Add(array[i].AsUInt64());
        }

        return list;
    }
}
