using System.Collections.Generic;
using Mash.Device.Load;
using Mash.Device.Model;
using Mash.Protocol.Wire;
using Mash.Protocol.Zones;

namespace Mash.Device.Tests.Interaction;

/// <summary>removeZone needs its zoneId (zone-lifecycle.md 5.1; interaction-model.md 8.1).</summary>
public class RemoveZoneTests
{
    private readonly InteractionRig _rig = new();
    private readonly RecordingZones _zones = new();
    private readonly Peer _peer;

    public RemoveZoneTests()
    {
        ((DeviceInfoFeature)_rig.Model.FindFeature(SmartLoadModel.RootEndpoint, FeatureIds.DeviceInfo)!).UseZoneAdministration(_zones);
        _peer = _rig.Connect("zone-a", ZoneType.HomeManager);
    }

    public static TheoryData<string, CborValue?> WithoutZoneId => new()
    {
        { "no parameters", null },
        { "null parameters", CborValue.Null },
        { "empty parameters", CborValue.FromMap(new CborMap(0)) },
        { "null zoneId", CborValue.FromMap(new CborMap(1).Set("zoneId", CborValue.Null)) },
    };

    [Theory]
    [MemberData(nameof(WithoutZoneId))]
    public void Remove_zone_without_a_zone_id_is_INVALID_PARAMETER_and_removes_nothing(string because, CborValue? parameters)
    {
        Response response = _peer.Invoke(SmartLoadModel.RootEndpoint, FeatureIds.DeviceInfo, DeviceInfoFeature.RemoveZoneCommand, parameters);

        Assert.True(response.Status == StatusCode.InvalidParameter, because + ": " + response.Status);
        Assert.Empty(_zones.Removed);
    }

    [Fact]
    public void Remove_zone_with_the_callers_own_zone_id_removes_it()
    {
        var parameters = CborValue.FromMap(new CborMap(1).Set("zoneId", CborValue.FromText("zone-a")));
        Response response = _peer.Invoke(SmartLoadModel.RootEndpoint, FeatureIds.DeviceInfo, DeviceInfoFeature.RemoveZoneCommand, parameters);

        Assert.Equal(StatusCode.Success, response.Status);
        Assert.Equal(["zone-a"], _zones.Removed);
    }

    private sealed class RecordingZones : IZoneAdministration
    {
        public List<string> Removed { get; } = [];

        public ZoneSummary[] ListZones() => [];

        public ControlResult RemoveZone(Requester requester, string zoneId)
        {
            Removed.Add(zoneId);
            return ControlResult.Ok;
        }

        public ControlResult OpenCommissioningWindow(Requester requester) => ControlResult.Ok;
    }
}
