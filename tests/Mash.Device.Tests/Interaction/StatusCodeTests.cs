using Mash.Device.Model;
using Mash.Device.Transport;
using Mash.Protocol.Wire;

namespace Mash.Device.Tests.Interaction;

/// <summary>Every error path answers with the spec's status, a {1: text} map, and keeps the connection.</summary>
public class StatusCodeTests
{
    private readonly InteractionRig _rig = new();
    private readonly Peer _peer;

    public StatusCodeTests()
    {
        _peer = _rig.Connect();
    }

    [Theory]
    [InlineData(Operation.Read, 2, FeatureIds.Measurement, StatusCode.InvalidEndpoint)]
    [InlineData(Operation.Subscribe, 7, 0, StatusCode.InvalidEndpoint)]
    [InlineData(Operation.Read, 1, FeatureIds.DeviceInfo, StatusCode.InvalidFeature)]
    [InlineData(Operation.Read, 0, FeatureIds.Measurement, StatusCode.InvalidFeature)]
    [InlineData(Operation.Invoke, 1, 9, StatusCode.InvalidFeature)]
    [InlineData(Operation.Read, 0, 0, StatusCode.InvalidFeature)]
    [InlineData(Operation.Write, 0, 0, StatusCode.InvalidFeature)]
    [InlineData(Operation.Invoke, 0, 0, StatusCode.InvalidFeature)]
    [InlineData(Operation.Subscribe, 1, 0, StatusCode.InvalidFeature)]
    public void Unknown_endpoints_and_features_have_their_own_status(Operation operation, byte endpoint, byte feature, StatusCode expected)
    {
        Response response = _peer.Send(operation, endpoint, feature, CborValue.FromMap(new CborMap().Set(1, CborValue.FromInt64(1))));
        AssertError(response, expected);
    }

    [Fact]
    public void An_unknown_command_is_INVALID_COMMAND()
    {
        AssertError(_peer.Invoke(1, FeatureIds.EnergyControl, 9, CborValue.Null), StatusCode.InvalidCommand);
        AssertError(_peer.Invoke(1, FeatureIds.Measurement, 1, CborValue.Null), StatusCode.InvalidCommand);
    }

    [Fact]
    public void Bad_command_parameters_are_INVALID_PARAMETER()
    {
        AssertError(_peer.Invoke(1, FeatureIds.EnergyControl, 1, CborValue.FromMap(new CborMap().Set("consumptionLimit", CborValue.FromInt64(1)))), StatusCode.InvalidParameter);
        AssertError(_peer.Send(Operation.Invoke, 1, FeatureIds.EnergyControl, CborValue.FromArray(CborValue.FromInt64(1))), StatusCode.InvalidParameter);
        AssertError(_peer.Send(Operation.Invoke, 1, FeatureIds.EnergyControl, null), StatusCode.InvalidParameter);
    }

    [Fact]
    public void A_request_that_does_not_decode_is_INVALID_PARAMETER_with_its_message_id()
    {
        // {1: 9, 2: 1, 3: 300, 4: 1}: endpoint 300 does not fit the uint8 field.
        Response response = _peer.SendRaw(Encode(new CborMap(4)
            .Set(1, CborValue.FromInt64(9)).Set(2, CborValue.FromInt64(1)).Set(3, CborValue.FromInt64(300)).Set(4, CborValue.FromInt64(1))));
        Assert.Equal(9u, response.MessageId);
        AssertError(response, StatusCode.InvalidParameter);
    }

    [Fact]
    public void Frames_that_are_not_requests_get_no_answer_and_keep_the_connection()
    {
        _rig.Manager.Receive(_peer.Connection, MessageCodec.Encode(new Response(5, StatusCode.Success)));
        _rig.Manager.Receive(_peer.Connection, MessageCodec.Encode(new Notification(1, 1, 4, new CborMap())));
        Assert.Empty(_peer.TakeFrames());
        Assert.Equal(ConnectionState.Open, _peer.Connection.State);
    }

    [Fact]
    public void A_success_without_content_still_carries_an_empty_map_at_key_3()
    {
        uint id = _peer.SubscribeOk(1, FeatureIds.Measurement);
        _rig.Manager.Receive(_peer.Connection, MessageCodec.Encode(new Request(77, Operation.Subscribe, 0, 0, CborValue.FromMap(new CborMap().Set(1, CborValue.FromUInt64(id))))));
        byte[] frame = Assert.Single(_peer.TakeFrames());

        // {1: 77, 2: 0, 3: {}}
        Assert.Equal(System.Convert.FromHexString("a301184d0200" + "03a0"), frame);
    }

    private static byte[] Encode(CborMap map) => CborValue.FromMap(map).Encode();

    private void AssertError(Response response, StatusCode expected)
    {
        Assert.Equal(expected, response.Status);
        Assert.True(response.Payload.TryGetValue(1, out CborValue? message), "an error carries {1: text}");
        Assert.False(string.IsNullOrWhiteSpace(message.AsText()));
        Assert.Equal(ConnectionState.Open, _peer.Connection.State);
        Assert.False(_peer.Channel.Closed || _peer.Channel.Aborted);
    }
}
