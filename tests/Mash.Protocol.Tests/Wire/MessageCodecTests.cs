using System;
using Mash.Protocol.Wire;

namespace Mash.Protocol.Tests.Wire;

/// <summary>Every byte example of wire digest §2.3/§2.5 decodes to its stated meaning and re-encodes to the same bytes.</summary>
public class MessageCodecTests
{
    private static Request RoundTripRequest(string bytes)
    {
        byte[] wire = Hex.Parse(bytes);
        Request request = MessageCodec.DecodeRequest(wire);
        Assert.Equal(Hex.Of(wire), Hex.Of(MessageCodec.Encode(request)));
        return request;
    }

    private static CborValue Value(string bytes) => CborValue.Decode(Hex.Parse(bytes));

    [Fact]
    public void Mash_controller_read_all_carries_an_explicit_null_payload()
    {
        Request request = RoundTripRequest("a5 01 02 02 01 03 00 04 01 05 f6");

        Assert.Equal(2u, request.MessageId);
        Assert.Equal(Operation.Read, request.Operation);
        Assert.Equal(0, request.EndpointId);
        Assert.Equal(1, request.FeatureId);
        Assert.Same(CborValue.Null, request.Payload);
    }

    [Fact]
    public void Mash_test_read_has_no_payload_key()
    {
        Request request = RoundTripRequest("a4 01 01 02 01 03 00 04 00");

        Assert.Equal(1u, request.MessageId);
        Assert.Equal(Operation.Read, request.Operation);
        Assert.Equal(0, request.FeatureId);
        Assert.Null(request.Payload);
    }

    [Fact]
    public void Read_of_listed_attributes_carries_a_bare_array()
    {
        Request request = RoundTripRequest("a5 01 03 02 01 03 01 04 04 05 82 01 02");

        Assert.Equal(3u, request.MessageId);
        Assert.Equal(4, request.FeatureId);
        Assert.Equal(CborValue.FromArray(CborValue.FromInt64(1), CborValue.FromInt64(2)), request.Payload);
    }

    [Fact]
    public void Subscribe_after_commissioning_lists_attribute_1_without_intervals()
    {
        Request request = RoundTripRequest("a5 01 02 02 03 03 01 04 04 05 a1 01 81 01");

        Assert.Equal(Operation.Subscribe, request.Operation);
        Assert.Equal(1, request.EndpointId);
        Assert.Equal(4, request.FeatureId);
        CborMap payload = request.Payload!.AsMap();
        Assert.Equal(1, payload.Count);
        Assert.True(payload.TryGetValue(1, out CborValue? ids));
        Assert.Equal(CborValue.FromArray(CborValue.FromInt64(1)), ids);
    }

    [Fact]
    public void Subscribe_intervals_are_milliseconds_at_keys_2_and_3()
    {
        Request request = RoundTripRequest("a5 01 05 02 03 03 01 04 04 05 a3 01 82 01 02 02 19 03e8 03 19 ea60");

        CborMap payload = request.Payload!.AsMap();
        Assert.True(payload.TryGetValue(2, out CborValue? min));
        Assert.True(payload.TryGetValue(3, out CborValue? max));
        Assert.Equal(1000, min.AsInt64());
        Assert.Equal(60000, max.AsInt64());
    }

    [Fact]
    public void Unsubscribe_is_a_subscribe_to_endpoint_0_feature_0_naming_the_subscription()
    {
        Request request = RoundTripRequest("a5 01 04 02 03 03 00 04 00 05 a1 01 01");

        Assert.Equal(4u, request.MessageId);
        Assert.Equal(Operation.Subscribe, request.Operation);
        Assert.Equal(0, request.EndpointId);
        Assert.Equal(0, request.FeatureId);
        Assert.True(request.Payload!.AsMap().TryGetValue(1, out CborValue? subscription));
        Assert.Equal(1u, subscription.AsUInt64());
    }

    [Fact]
    public void Invoke_set_limit_carries_text_keyed_parameters()
    {
        Request request = RoundTripRequest(
            "a5 01 06 02 04 03 01 04 05 05 a2 01 01 02 a2 65 \"cause\" 03 70 \"consumptionLimit\" 1a 004c4b40");

        Assert.Equal(Operation.Invoke, request.Operation);
        Assert.Equal(5, request.FeatureId);
        CborMap invoke = request.Payload!.AsMap();
        Assert.True(invoke.TryGetValue(1, out CborValue? command));
        Assert.Equal(1, command.AsInt64());
        Assert.True(invoke.TryGetValue(2, out CborValue? parameters));
        Assert.True(parameters.AsMap().TryGetValue("cause", out CborValue? cause));
        Assert.True(parameters.AsMap().TryGetValue("consumptionLimit", out CborValue? limit));
        Assert.Equal(3, cause.AsInt64());
        Assert.Equal(5_000_000, limit.AsInt64());
    }

    [Fact]
    public void Text_keyed_parameters_are_re_encoded_in_canonical_order_whatever_the_insertion_order()
    {
        var parameters = new CborMap()
            .Set("consumptionLimit", CborValue.FromInt64(5_000_000))
            .Set("cause", CborValue.FromInt64(3));
        var request = new Request(6, Operation.Invoke, 1, 5, CborValue.FromMap(
            new CborMap().Set(2, CborValue.FromMap(parameters)).Set(1, CborValue.FromInt64(1))));

        Assert.Equal(
            Hex.Of(Hex.Parse("a5 01 06 02 04 03 01 04 05 05 a2 01 01 02 a2 65 \"cause\" 03 70 \"consumptionLimit\" 1a 004c4b40")),
            Hex.Of(MessageCodec.Encode(request)));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(9)]
    [InlineData(10)]
    public void Invoke_without_parameters_sends_null_params(int command)
    {
        Request request = RoundTripRequest($"a5 01 07 02 04 03 01 04 05 05 a2 01 {command:x2} 02 f6");

        Assert.True(request.Payload!.AsMap().TryGetValue(2, out CborValue? parameters));
        Assert.True(parameters.IsNull);
    }

    [Fact]
    public void Write_carries_attribute_values_by_id()
    {
        Request request = RoundTripRequest("a5 01 08 02 02 03 01 04 05 05 a1 18 48 19 1c20");

        Assert.Equal(Operation.Write, request.Operation);
        Assert.True(request.Payload!.AsMap().TryGetValue(72, out CborValue? duration));
        Assert.Equal(7200, duration.AsInt64());
    }

    [Fact]
    public void An_empty_response_payload_is_an_empty_map()
    {
        var response = new Response(2, StatusCode.Success);

        Assert.Equal("a30102020003a0", Hex.Of(MessageCodec.Encode(response)));
        Assert.Equal(0, MessageCodec.DecodeResponse(Hex.Parse("a3 01 02 02 00 03 a0")).Payload.Count);
    }

    [Fact]
    public void The_subscribe_response_carries_the_id_and_priming_values()
    {
        byte[] wire = Hex.Parse("a3 01 02 02 00 03 a2 01 01 02 a1 01 1a 00150ea0");

        Response response = MessageCodec.DecodeResponse(wire);

        Assert.Equal(2u, response.MessageId);
        Assert.Equal(StatusCode.Success, response.Status);
        Assert.True(response.Payload.TryGetValue(1, out CborValue? subscription));
        Assert.Equal(1u, subscription.AsUInt64());
        Assert.True(response.Payload.TryGetValue(2, out CborValue? priming));
        Assert.True(priming.AsMap().TryGetValue(1, out CborValue? power));
        Assert.Equal(1_380_000, power.AsInt64());
        Assert.Equal(Hex.Of(wire), Hex.Of(MessageCodec.Encode(response)));
    }

    [Fact]
    public void An_error_response_carries_its_message_at_key_1()
    {
        Response error = Response.Error(9, StatusCode.InvalidParameter, "bad");

        Assert.Equal(Hex.Of(Hex.Parse("a3 01 09 02 05 03 a1 01 63 \"bad\"")), Hex.Of(MessageCodec.Encode(error)));
    }

    [Fact]
    public void The_digest_notification_round_trips()
    {
        byte[] wire = Hex.Parse("a5 01 00 02 01 03 01 04 04 05 a1 01 1a 002450e0");

        Notification notification = MessageCodec.DecodeNotification(wire);

        Assert.Equal(1u, notification.SubscriptionId);
        Assert.Equal(1, notification.EndpointId);
        Assert.Equal(4, notification.FeatureId);
        Assert.True(notification.Changes.TryGetValue(1, out CborValue? power));
        Assert.Equal(2_380_000, power.AsInt64());
        Assert.Equal(Hex.Of(wire), Hex.Of(MessageCodec.Encode(notification)));
    }

    [Fact]
    public void Notification_attribute_ids_are_sent_unsigned_and_sorted()
    {
        var changes = new CborMap().Set(20, CborValue.Null).Set(2, CborValue.FromInt64(-5));

        byte[] wire = MessageCodec.Encode(new Notification(300, 1, 5, changes));

        Assert.Equal(Hex.Of(Hex.Parse("a5 01 00 02 19 012c 03 01 04 05 05 a2 02 24 14 f6")), Hex.Of(wire));
    }

    [Fact]
    public void Status_codes_have_the_digest_numbers()
    {
        int[] expected = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13 };
        StatusCode[] codes =
        {
            StatusCode.Success, StatusCode.InvalidEndpoint, StatusCode.InvalidFeature, StatusCode.InvalidAttribute,
            StatusCode.InvalidCommand, StatusCode.InvalidParameter, StatusCode.ReadOnly, StatusCode.WriteOnly,
            StatusCode.NotAuthorized, StatusCode.Busy, StatusCode.Unsupported, StatusCode.ConstraintError,
            StatusCode.Timeout, StatusCode.ResourceExhausted,
        };
        Assert.Equal(expected, Array.ConvertAll(codes, c => (int)c));
    }

    [Fact]
    public void An_unknown_status_is_kept_as_received()
    {
        Response response = MessageCodec.DecodeResponse(Hex.Parse("a3 01 02 02 18 ff 03 a0"));

        Assert.Equal(255, (int)response.Status);
    }

    [Fact]
    public void Unknown_keys_in_a_request_are_ignored()
    {
        Request request = MessageCodec.DecodeRequest(Hex.Parse("a5 01 02 02 01 18 c8 66 \"future\" 03 00 04 01"));

        Assert.Equal(2u, request.MessageId);
        Assert.Equal(1, request.FeatureId);
    }

    [Theory]
    [InlineData("a3 01 07 02 01 03 00", "featureId")]
    [InlineData("a4 01 07 02 01 03 19 0100 04 01", "endpointId")]
    [InlineData("a4 01 07 02 07 03 00 04 01", "operation")]
    [InlineData("a4 01 07 02 01 03 61 \"x\" 04 01", "endpointId")]
    public void An_invalid_request_reports_its_message_id_so_it_can_be_answered(string bytes, string field)
    {
        var error = Assert.Throws<WireFormatException>(() => MessageCodec.DecodeRequest(Hex.Parse(bytes)));

        Assert.Equal(7u, error.MessageId);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a4 01 00 02 01 03 00 04 01")]
    [InlineData("82 01 02")]
    [InlineData("a5 01 02 02 01 03 00 04")]
    public void A_request_that_cannot_be_read_at_all_has_no_message_id(string bytes)
    {
        var error = Assert.Throws<WireFormatException>(() => MessageCodec.DecodeRequest(Hex.Parse(bytes)));

        Assert.Equal(0u, error.MessageId);
    }

    [Fact]
    public void A_response_whose_payload_is_not_a_map_is_rejected()
    {
        Assert.Throws<WireFormatException>(() => MessageCodec.DecodeResponse(Hex.Parse("a3 01 02 02 00 03 01")));
    }

    [Fact]
    public void A_notification_needs_message_id_0()
    {
        Assert.Throws<WireFormatException>(() => MessageCodec.DecodeNotification(Hex.Parse("a5 01 05 02 01 03 01 04 04 05 a0")));
    }

    [Fact]
    public void Request_message_id_0_is_refused_when_building()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Request(0, Operation.Read, 0, 0));
    }

    [Fact]
    public void Decoded_payloads_compare_by_value()
    {
        Assert.Equal(Value("a2 01 02 03 04"), Value("a2 03 04 01 02"));
        Assert.NotEqual(Value("a1 01 02"), Value("a1 01 03"));
    }
}
