using CsCheck;
using Mash.Protocol.Wire;

namespace Mash.Protocol.Tests.Properties;

public class MessageCodecPropertyTests
{
    private static readonly Gen<Request> Requests =
        Gen.Select(
            Gen.UInt[1, uint.MaxValue],
            Gen.OneOf(Operation.Read, Operation.Write, Operation.Subscribe, Operation.Invoke),
            Gen.Byte,
            Gen.Byte,
            Gen.Frequency((1, Gen.Const((CborValue?)null)), (4, WireGen.Value.Select(v => (CborValue?)v))))
        .Select((id, op, endpoint, feature, payload) => new Request(id, op, endpoint, feature, payload));

    private static readonly Gen<Response> Responses =
        Gen.Select(Gen.UInt, Gen.Byte, WireGen.Map)
        .Select((id, status, payload) => new Response(id, (StatusCode)status, payload));

    private static readonly Gen<Notification> Notifications =
        Gen.Select(Gen.UInt, Gen.Byte, Gen.Byte, WireGen.Map)
        .Select((subscription, endpoint, feature, changes) => new Notification(subscription, endpoint, feature, changes));

    [Fact]
    public void Any_request_decodes_to_the_same_id_operation_address_and_payload()
    {
        Requests.Sample(
            request =>
            {
                Request decoded = MessageCodec.DecodeRequest(MessageCodec.Encode(request));
                Assert.Equal(request.MessageId, decoded.MessageId);
                Assert.Equal(request.Operation, decoded.Operation);
                Assert.Equal(request.EndpointId, decoded.EndpointId);
                Assert.Equal(request.FeatureId, decoded.FeatureId);
                Assert.Equal(request.Payload, decoded.Payload);
            },
            iter: 1000);
    }

    [Fact]
    public void Any_response_decodes_to_the_same_id_status_and_payload()
    {
        Responses.Sample(
            response =>
            {
                Response decoded = MessageCodec.DecodeResponse(MessageCodec.Encode(response));
                Assert.Equal(response.MessageId, decoded.MessageId);
                Assert.Equal(response.Status, decoded.Status);
                Assert.Equal(response.Payload, decoded.Payload);
            },
            iter: 1000);
    }

    [Fact]
    public void Any_notification_decodes_to_the_same_subscription_address_and_changes()
    {
        Notifications.Sample(
            notification =>
            {
                Notification decoded = MessageCodec.DecodeNotification(MessageCodec.Encode(notification));
                Assert.Equal(notification.SubscriptionId, decoded.SubscriptionId);
                Assert.Equal(notification.EndpointId, decoded.EndpointId);
                Assert.Equal(notification.FeatureId, decoded.FeatureId);
                Assert.Equal(notification.Changes, decoded.Changes);
            },
            iter: 1000);
    }

    [Fact]
    public void The_reusing_writer_produces_MessageCodecs_bytes_call_after_call()
    {
        var writer = new MessageWriter();
        Gen.Select(Responses, Notifications).Array[1, 8].Sample(
            pairs =>
            {
                foreach ((Response response, Notification notification) in pairs)
                {
                    Assert.Equal(MessageCodec.Encode(response), Encoded(writer, writer.Encode(response)));
                    Assert.Equal(
                        MessageCodec.Encode(notification),
                        Encoded(writer, writer.Notification(notification.SubscriptionId, notification.EndpointId, notification.FeatureId, notification.Changes)));
                }
            },
            iter: 300,
            threads: 1);
    }

    [Fact]
    public void Every_message_is_canonical_CBOR_so_a_generic_decoder_re_encodes_it_byte_for_byte()
    {
        Gen.Select(Requests, Responses, Notifications).Sample(
            (request, response, notification) =>
            {
                foreach (byte[] bytes in new[] { MessageCodec.Encode(request), MessageCodec.Encode(response), MessageCodec.Encode(notification) })
                {
                    Assert.Equal(bytes, CborValue.Decode(bytes).Encode());
                }
            },
            iter: 500);
    }

    [Fact]
    public void Each_message_kind_is_classified_as_itself()
    {
        // A response answers a request, whose id is never 0 (0 marks notifications).
        Gen<Response> answers = Responses.Where(r => r.MessageId != 0);
        Gen.Select(Requests, answers, Notifications).Sample(
            (request, response, notification) =>
            {
                Assert.Equal(MessageKind.Request, MessageClassifier.Classify(MessageCodec.Encode(request)));
                Assert.Equal(MessageKind.Response, MessageClassifier.Classify(MessageCodec.Encode(response)));
                Assert.Equal(MessageKind.Notification, MessageClassifier.Classify(MessageCodec.Encode(notification)));
            },
            iter: 500);
    }

    /// <summary>The bytes a MessageWriter call left in its buffer (read after the call, which may grow it).</summary>
    private static byte[] Encoded(MessageWriter writer, int length) => writer.Buffer[..length];
}
