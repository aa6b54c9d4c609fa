using System;
using System.Collections.Generic;
using Mash.Device.Tests.Transport;
using Mash.Device.Transport;
using Mash.Protocol.Wire;

namespace Mash.Device.Tests.Interaction;

/// <summary>The controller end of one test connection: sends requests, reads what the device sent.</summary>
internal sealed class Peer
{
    private readonly InteractionRig _rig;
    private int _seen;
    private uint _nextMessageId = 1;

    public Peer(InteractionRig rig, FakeChannel channel, DeviceConnection connection)
    {
        _rig = rig;
        Channel = channel;
        Connection = connection;
    }

    public FakeChannel Channel { get; }

    public DeviceConnection Connection { get; }

    /// <summary>Sends a request and returns the one response it must produce at once.</summary>
    public Response Send(Operation operation, byte endpoint, byte feature, CborValue? payload = null)
    {
        uint id = _nextMessageId++;
        Response response = SendRaw(MessageCodec.Encode(new Request(id, operation, endpoint, feature, payload)));
        Assert.Equal(id, response.MessageId);
        return response;
    }

    /// <summary>Feeds raw bytes and returns the single response (a notification first would fail the test).</summary>
    public Response SendRaw(byte[] frame)
    {
        _rig.Manager.Receive(Connection, frame);
        byte[] reply = Assert.Single(TakeFrames());
        Assert.Equal(MessageKind.Response, MessageClassifier.Classify(reply));
        AssertKey3IsMap(reply);
        return MessageCodec.DecodeResponse(reply);
    }

    public Response Read(byte endpoint, byte feature, CborValue? payload = null) => Send(Operation.Read, endpoint, feature, payload);

    public Response Write(byte endpoint, byte feature, CborMap values) => Send(Operation.Write, endpoint, feature, CborValue.FromMap(values));

    public Response Invoke(byte endpoint, byte feature, byte command, CborValue? parameters)
    {
        var payload = new CborMap(2).Set(1, CborValue.FromUInt64(command));
        if (parameters is not null)
        {
            payload.Set(2, parameters);
        }

        return Send(Operation.Invoke, endpoint, feature, CborValue.FromMap(payload));
    }

    /// <summary>Subscribes; intervals in milliseconds, null leaves the key out.</summary>
    public Response Subscribe(byte endpoint, byte feature, ushort[]? attributes = null, long? minMs = null, long? maxMs = null)
    {
        var payload = new CborMap(3);
        if (attributes is not null)
        {
            var ids = new CborValue[attributes.Length];
            for (int i = 0; i < ids.Length; i++)
            {
                ids[i] = CborValue.FromUInt64(attributes[i]);
            }

            payload.Set(1, CborValue.FromArray(ids));
        }

        if (minMs is not null)
        {
            payload.Set(2, CborValue.FromInt64(minMs.Value));
        }

        if (maxMs is not null)
        {
            payload.Set(3, CborValue.FromInt64(maxMs.Value));
        }

        return Send(Operation.Subscribe, endpoint, feature, CborValue.FromMap(payload));
    }

    /// <summary>Subscribes successfully and returns the subscription ID.</summary>
    public uint SubscribeOk(byte endpoint, byte feature, ushort[]? attributes = null, long? minMs = null, long? maxMs = null)
    {
        Response response = Subscribe(endpoint, feature, attributes, minMs, maxMs);
        Assert.Equal(StatusCode.Success, response.Status);
        Assert.True(response.Payload.TryGetValue(1, out CborValue? id));
        return (uint)id.AsUInt64();
    }

    public Response Unsubscribe(uint subscriptionId) =>
        Send(Operation.Subscribe, 0, 0, CborValue.FromMap(new CborMap(1).Set(1, CborValue.FromUInt64(subscriptionId))));

    /// <summary>Notifications the device sent since the last call.</summary>
    public List<Notification> TakeNotifications()
    {
        var notifications = new List<Notification>();
        foreach (byte[] frame in TakeFrames())
        {
            Assert.Equal(MessageKind.Notification, MessageClassifier.Classify(frame));
            notifications.Add(MessageCodec.DecodeNotification(frame));
        }

        return notifications;
    }

    /// <summary>Frames other than keep-alive control messages, sent since the last call.</summary>
    public List<byte[]> TakeFrames()
    {
        var frames = new List<byte[]>();
        for (; _seen < Channel.Sent.Count; _seen++)
        {
            byte[] frame = Channel.Sent[_seen];
            if (MessageClassifier.Classify(frame) != MessageKind.Control)
            {
                frames.Add(frame);
            }
        }

        return frames;
    }

    private static void AssertKey3IsMap(byte[] frame)
    {
        CborMap map = CborValue.Decode(frame).AsMap();
        Assert.True(map.TryGetValue(3, out CborValue? payload), "a response must carry key 3");
        Assert.Equal(CborValueKind.Map, payload.Kind);
    }
}
