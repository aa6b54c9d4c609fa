using System;
using System.Collections.Generic;
using Mash.Device.Load;
using Mash.Device.Model;
using Mash.Protocol.Wire;
using Mash.Protocol.Zones;

namespace Mash.Device.Tests.Interaction;

public class ReadTests
{
    private readonly InteractionRig _rig = new();

    public static TheoryData<string> AllForms() => ["absent", "null", "empty array", "map without ids", "map with empty ids"];

    [Theory]
    [MemberData(nameof(AllForms))]
    public void Every_form_of_read_all_returns_exactly_the_attributeList(string form)
    {
        Peer peer = _rig.Connect();
        CborValue? payload = form switch
        {
            "absent" => null,
            "null" => CborValue.Null,
            "empty array" => CborValue.FromArray(),
            "map without ids" => CborValue.FromMap(new CborMap()),
            _ => CborValue.FromMap(new CborMap().Set(1, CborValue.FromArray())),
        };

        Response response = peer.Read(1, FeatureIds.EnergyControl, payload);

        Assert.Equal(StatusCode.Success, response.Status);
        CborValue attributeList = response.Payload.TryGetValue(GlobalAttributes.AttributeList, out CborValue? list) ? list : CborValue.Null;
        Assert.Equal(Keys(attributeList), Keys(response.Payload));
    }

    [Fact]
    public void Every_feature_serves_what_its_attributeList_names_and_nothing_else()
    {
        Peer peer = _rig.Connect();
        foreach (EndpointDeclaration endpoint in _rig.Model.Declaration.Endpoints)
        {
            foreach (FeatureDeclaration feature in endpoint.Features)
            {
                Response response = peer.Read(endpoint.Id, feature.Id);
                Assert.True(response.Payload.TryGetValue(GlobalAttributes.AttributeList, out CborValue? list));
                Assert.Equal(Keys(list), Keys(response.Payload));
                Assert.Equal(feature.GlobalValue(GlobalAttributes.AcceptedCommandList), response.Payload.TryGetValue(GlobalAttributes.AcceptedCommandList, out CborValue? commands) ? commands : null);
            }
        }
    }

    [Fact]
    public void A_bare_id_list_returns_those_attributes_and_skips_unknown_ones()
    {
        Peer peer = _rig.Connect();
        _rig.Load.SetActivePower(2_000_000);
        Response response = peer.Read(1, FeatureIds.Measurement, Ids(1, 2, 0xFFFD, 70000));
        Assert.Equal(StatusCode.Success, response.Status);
        Assert.Equal("{1: 2000000, 65533: 1}", response.Payload.ToString());
    }

    [Fact]
    public void The_subscribe_shaped_map_is_accepted_for_a_read_too()
    {
        Peer peer = _rig.Connect();
        Response response = peer.Read(0, FeatureIds.DeviceInfo, CborValue.FromMap(new CborMap().Set(1, Ids(1, 12))));
        Assert.Equal("{1: \"0123456789abcdef\", 12: \"1.0\"}", response.Payload.ToString());
    }

    [Theory]
    [InlineData(999)]
    [InlineData(2, 3)]
    [InlineData(70000)]
    public void A_list_of_nothing_the_feature_has_is_INVALID_ATTRIBUTE(params int[] ids)
    {
        // interaction-model.md 8.1; testability-analysis.md: "Attribute 999 read" -> INVALID_ATTRIBUTE.
        Peer peer = _rig.Connect();
        Response response = peer.Read(1, FeatureIds.Measurement, Ids(ids));
        Assert.Equal(StatusCode.InvalidAttribute, response.Status);
        Assert.True(response.Payload.TryGetValue(1, out CborValue? message));
        Assert.Contains("measurement has no", message.AsText(), System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text ids")]
    [InlineData("negative id")]
    [InlineData("number instead of list")]
    public void An_id_list_that_is_not_a_list_of_unsigned_integers_is_INVALID_PARAMETER(string what)
    {
        Peer peer = _rig.Connect();
        CborValue payload = what switch
        {
            "text ids" => CborValue.FromArray(CborValue.FromText("acActivePower")),
            "negative id" => CborValue.FromArray(CborValue.FromInt64(-1)),
            _ => CborValue.FromInt64(1),
        };
        Response response = peer.Read(1, FeatureIds.Measurement, payload);
        Assert.Equal(StatusCode.InvalidParameter, response.Status);
        Assert.Equal(CborValueKind.Text, Assert.Single(Values(response.Payload)).Kind);
        Assert.False(peer.Channel.Closed || peer.Channel.Aborted);
    }

    [Fact]
    public void Each_zone_reads_its_own_limit_and_the_same_effective_limit()
    {
        Peer home = _rig.Connect("zone-home", ZoneType.HomeManager);
        Peer grid = _rig.Connect("zone-grid", ZoneType.GridOperator);
        _rig.Load.SetLimit("zone-home", ZoneType.HomeManager, true, 5_000_000, TimeSpan.Zero, LimitCause.LocalOptimization);
        _rig.Load.SetLimit("zone-grid", ZoneType.GridOperator, true, 4_000_000, TimeSpan.Zero, LimitCause.GridEmergency);

        Assert.Equal("{20: 4000000, 21: 5000000}", home.Read(1, FeatureIds.EnergyControl, Ids(20, 21)).Payload.ToString());
        Assert.Equal("{20: 4000000, 21: 4000000}", grid.Read(1, FeatureIds.EnergyControl, Ids(20, 21)).Payload.ToString());
    }

    [Fact]
    public void An_unset_nullable_attribute_reads_as_null()
    {
        Peer peer = _rig.Connect();
        Assert.Equal("{20: null, 21: null}", peer.Read(1, FeatureIds.EnergyControl, Ids(20, 21)).Payload.ToString());
    }

    internal static CborValue Ids(params int[] ids)
    {
        var values = new CborValue[ids.Length];
        for (int i = 0; i < ids.Length; i++)
        {
            values[i] = CborValue.FromInt64(ids[i]);
        }

        return CborValue.FromArray(values);
    }

    private static List<CborValue> Values(CborMap map)
    {
        var values = new List<CborValue>();
        for (int i = 0; i < map.Count; i++)
        {
            values.Add(map.GetValue(i));
        }

        return values;
    }

    private static SortedSet<ulong> Keys(CborMap map)
    {
        var keys = new SortedSet<ulong>();
        for (int i = 0; i < map.Count; i++)
        {
            Assert.True(map.GetKey(i).TryGetUInt64(out ulong key));
            keys.Add(key);
        }

        return keys;
    }

    private static SortedSet<ulong> Keys(CborValue list)
    {
        var keys = new SortedSet<ulong>();
        for (int i = 0; i < list.Count; i++)
        {
            keys.Add(list[i].AsUInt64());
        }

        Assert.Equal(list.Count, keys.Count);
        return keys;
    }
}
