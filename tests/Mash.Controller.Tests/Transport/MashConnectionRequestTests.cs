using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading.Tasks;
using Mash.Controller.Transport;
using Mash.Protocol.Wire;

namespace Mash.Controller.Tests.Transport;

public sealed class MashConnectionRequestTests
{
    [Fact]
    public async Task Responses_are_matched_by_message_id_when_they_come_out_of_order_between_notifications()
    {
        await using Harness h = await Harness.OpenAsync();
        var notifications = new ConcurrentQueue<Notification>();
        h.Client.NotificationReceived += (_, n) => notifications.Enqueue(n);

        Task<Response> first = h.Client.RequestAsync(Operation.Read, 1, 4);
        Task<Response> second = h.Client.RequestAsync(Operation.Read, 1, 5);
        Task<Response> third = h.Client.RequestAsync(Operation.Read, 0, 1);
        Request r1 = await h.Peer.ReadRequestAsync();
        Request r2 = await h.Peer.ReadRequestAsync();
        Request r3 = await h.Peer.ReadRequestAsync();

        await h.Peer.NotifyAsync(7, new CborMap().Set(1, CborValue.FromInt64(100)));
        await h.Peer.RespondAsync(r3.MessageId, Marker(r3));
        await h.Peer.NotifyAsync(7, new CborMap().Set(1, CborValue.FromInt64(200)));
        await h.Peer.RespondAsync(r1.MessageId, Marker(r1));
        await h.Peer.RespondAsync(r2.MessageId, Marker(r2));

        Assert.Equal(new uint[] { 1, 2, 3 }, new[] { r1.MessageId, r2.MessageId, r3.MessageId });
        Assert.Equal(Marker(r1), (await first.WaitAsync(TestTlsServer.Guard)).Payload);
        Assert.Equal(Marker(r2), (await second.WaitAsync(TestTlsServer.Guard)).Payload);
        Assert.Equal(Marker(r3), (await third.WaitAsync(TestTlsServer.Guard)).Payload);
        await h.SyncAsync();
        Assert.Equal(new long[] { 100, 200 }, notifications.ToArray().Select(n => n.Changes.GetValue(0).AsInt64()));
    }

    [Fact]
    public async Task The_request_carries_operation_endpoint_feature_and_payload()
    {
        await using Harness h = await Harness.OpenAsync();
        CborValue payload = CborValue.FromArray(CborValue.FromInt64(1), CborValue.FromInt64(2));

        Task<Response> pending = h.Client.RequestAsync(Operation.Subscribe, 1, 4, payload);
        Request request = await h.Peer.ReadRequestAsync();
        await h.Peer.WriteFrameAsync(MessageCodec.Encode(new Response(request.MessageId, StatusCode.InvalidFeature)));

        Assert.Equal(Operation.Subscribe, request.Operation);
        Assert.Equal(1, request.EndpointId);
        Assert.Equal(4, request.FeatureId);
        Assert.Equal(payload, request.Payload);
        Assert.Equal(StatusCode.InvalidFeature, (await pending.WaitAsync(TestTlsServer.Guard)).Status);
    }

    [Fact]
    public async Task Message_ids_skip_zero_when_the_counter_wraps()
    {
        await using Harness h = await Harness.OpenAsync();
        h.Client.SetLastMessageId(uint.MaxValue - 1);

        var ids = new uint[3];
        for (int i = 0; i < ids.Length; i++)
        {
            Task<Response> pending = h.Client.RequestAsync(Operation.Read, 0, 1);
            Request request = await h.Peer.ReadRequestAsync();
            await h.Peer.RespondAsync(request.MessageId, new CborMap());
            await pending.WaitAsync(TestTlsServer.Guard);
            ids[i] = request.MessageId;
        }

        Assert.Equal(new uint[] { uint.MaxValue, 1, 2 }, ids);
    }

    [Fact]
    public async Task A_request_without_a_response_times_out_after_30_seconds_and_a_late_response_is_ignored()
    {
        await using Harness h = await Harness.OpenAsync(keepAlive: false);

        Task<Response> pending = h.Client.RequestAsync(Operation.Read, 1, 4);
        Request request = await h.Peer.ReadRequestAsync();
        h.Time.Advance(TimeSpan.FromSeconds(29.9));
        Assert.False(pending.IsCompleted);
        h.Time.Advance(TimeSpan.FromSeconds(0.1));

        var timeout = await Assert.ThrowsAsync<TimeoutException>(() => pending.WaitAsync(TestTlsServer.Guard));
        Assert.Contains("30 s", timeout.Message, StringComparison.Ordinal);

        await h.Peer.RespondAsync(request.MessageId, new CborMap());
        Task<Response> next = h.Client.RequestAsync(Operation.Read, 1, 4);
        Request nextRequest = await h.Peer.ReadRequestAsync();
        await h.Peer.RespondAsync(nextRequest.MessageId, new CborMap().Set(1, CborValue.True));

        Assert.True((await next.WaitAsync(TestTlsServer.Guard)).Payload.TryGetValue(1, out _));
        Assert.Contains(h.Log, line => line.Contains("unknown or expired request 1", StringComparison.Ordinal));
        Assert.True(h.Client.IsOpen);
    }

    [Fact]
    public async Task A_request_honours_its_own_timeout()
    {
        await using Harness h = await Harness.OpenAsync(keepAlive: false);

        Task<Response> pending = h.Client.RequestAsync(Operation.Invoke, 1, 5, timeout: TimeSpan.FromSeconds(2));
        await h.Peer.ReadRequestAsync();
        h.Time.Advance(TimeSpan.FromSeconds(2));

        await Assert.ThrowsAsync<TimeoutException>(() => pending.WaitAsync(TestTlsServer.Guard));
    }

    [Fact]
    public async Task A_throwing_notification_handler_does_not_break_the_connection()
    {
        await using Harness h = await Harness.OpenAsync();
        h.Client.NotificationReceived += (_, _) => throw new InvalidOperationException("subscriber bug");

        await h.Peer.NotifyAsync(1, new CborMap());
        await h.SyncAsync();

        Assert.True(h.Client.IsOpen);
        Assert.Contains(h.Log, line => line.Contains("subscriber bug", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_commissioning_connection_exchanges_raw_frames_and_then_switches_to_requests()
    {
        await using Harness h = await Harness.OpenAsync(MashConnectionMode.Raw);
        byte[] paseRequest = [0xA2, 0x01, 0x01, 0x02, 0x42, 0xAA, 0xBB];
        byte[] paseResponse = [0xA2, 0x01, 0x02, 0x02, 0x42, 0xCC, 0xDD];
        byte[] paseConfirm = [0xA2, 0x01, 0x03, 0x02, 0x41, 0x01];
        byte[] paseComplete = [0xA3, 0x01, 0x04, 0x02, 0x41, 0x02, 0x03, 0x00];

        await Assert.ThrowsAsync<InvalidOperationException>(() => h.Client.RequestAsync(Operation.Read, 0, 1));
        await h.Client.SendFrameAsync(paseRequest);
        Assert.Equal(paseRequest, await h.Peer.ExpectFrameAsync());
        await h.SyncAsync(9);
        await h.Peer.WriteFrameAsync(paseResponse);
        Assert.Equal(paseResponse, (await h.Client.ReceiveFrameAsync().WaitAsync(TestTlsServer.Guard)).ToArray());
        await h.Client.SendFrameAsync(paseConfirm);
        Assert.Equal(paseConfirm, await h.Peer.ExpectFrameAsync());
        await h.Peer.WriteFrameAsync(paseComplete);
        Assert.Equal(paseComplete, (await h.Client.ReceiveFrameAsync().WaitAsync(TestTlsServer.Guard)).ToArray());

        h.Client.EnterRequestMode();
        Task<Response> pending = h.Client.RequestAsync(Operation.Subscribe, 1, 4);
        Request request = await h.Peer.ReadRequestAsync();
        await h.Peer.RespondAsync(request.MessageId, new CborMap().Set(1, CborValue.FromInt64(1)));

        Assert.Equal(MashConnectionMode.Requests, h.Client.Mode);
        Assert.Equal(1u, request.MessageId);
        Assert.Equal(StatusCode.Success, (await pending.WaitAsync(TestTlsServer.Guard)).Status);
    }

    [Fact]
    public async Task Renewal_messages_reach_the_raw_queue_in_request_mode()
    {
        await using Harness h = await Harness.OpenAsync();
        byte[] renewalRequest = [0xA2, 0x01, 0x18, 0x1E, 0x02, 0x41, 0x07];

        await h.Peer.WriteFrameAsync(renewalRequest);

        Assert.Equal(renewalRequest, (await h.Client.ReceiveFrameAsync().WaitAsync(TestTlsServer.Guard)).ToArray());
    }

    [Fact]
    public async Task A_frame_of_exactly_65536_bytes_is_accepted()
    {
        await using Harness h = await Harness.OpenAsync(MashConnectionMode.Raw);
        byte[] payload = new byte[FrameFormat.MaxFrameSize];
        payload[0] = 0x5A;
        payload[1] = 0x00;
        payload[2] = 0x00;
        payload[3] = 0xFF;
        payload[4] = 0xFB;

        await h.Peer.WriteFrameAsync(payload);

        Assert.Equal(FrameFormat.MaxFrameSize, (await h.Client.ReceiveFrameAsync().WaitAsync(TestTlsServer.Guard)).Length);
    }

    private static CborMap Marker(Request request) =>
        new CborMap().Set(1, CborValue.FromInt64(request.FeatureId * 10L + request.EndpointId));
}
