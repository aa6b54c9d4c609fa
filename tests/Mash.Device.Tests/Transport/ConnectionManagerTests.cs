using System;
using System.Collections.Generic;
using Mash.Device.Diagnostics;
using Mash.Device.Runtime;
using Mash.Device.Transport;
using Mash.Protocol.Wire;

namespace Mash.Device.Tests.Transport;

public class ConnectionManagerTests
{
    private readonly VirtualClock _clock = new();
    private readonly Scheduler _scheduler;
    private readonly RecordingHandler _handler = new();
    private readonly ConnectionManager _manager;
    private readonly List<(DeviceConnection Connection, CloseReason Reason)> _closed = [];

    public ConnectionManagerTests()
    {
        _scheduler = new Scheduler(_clock, NullLogSink.Instance);
        _manager = new ConnectionManager(_scheduler, _handler, NullLogSink.Instance)
        {
            Closed = (c, r) => _closed.Add((c, r)),
        };
    }

    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

    private (FakeChannel Channel, DeviceConnection Connection) Open()
    {
        var channel = new FakeChannel();
        DeviceConnection connection = _manager.Open(channel, PeerCredentials.Anonymous)!;
        return (channel, connection);
    }

    private void Run(TimeSpan span) => VirtualTime.RunFor(_scheduler, _clock, span);

    [Fact]
    public void A_ping_is_answered_at_once_with_a_pong_carrying_the_same_sequence()
    {
        (FakeChannel channel, DeviceConnection connection) = Open();
        _manager.Receive(connection, Hex("a2 01 01 02 07"));
        Assert.Equal(Hex("a2 01 02 02 07"), Assert.Single(channel.Sent));
        Assert.Empty(_handler.Messages);
    }

    [Fact]
    public void A_text_key_ping_of_the_spec_gets_a_text_key_pong()
    {
        (FakeChannel channel, DeviceConnection connection) = Open();
        byte[] ping = TextPing(12345);
        _manager.Receive(connection, ping);
        Assert.True(ControlCodec.TryDecode(Assert.Single(channel.Sent), out ControlMessage pong));
        Assert.Equal(ControlMessageType.Pong, pong.Type);
        Assert.Equal(12345u, pong.Sequence);
        Assert.Equal(ControlKeyForm.TextKeys, pong.Form);
    }

    [Fact]
    public void A_silent_peer_gets_pings_at_30_60_90_seconds_and_is_dropped_at_95()
    {
        (FakeChannel channel, DeviceConnection connection) = Open();
        var pingTimes = new List<TimeSpan>();
        int seen = 0;
        for (int second = 1; second <= 120 && _closed.Count == 0; second++)
        {
            Run(TimeSpan.FromSeconds(1));
            for (; seen < channel.Sent.Count; seen++)
            {
                Assert.True(ControlCodec.TryDecode(channel.Sent[seen], out ControlMessage m));
                Assert.Equal(ControlMessageType.Ping, m.Type);
                pingTimes.Add(_clock.Monotonic);
            }
        }

        Assert.Equal(new[] { TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(90) }, pingTimes);
        (DeviceConnection c, CloseReason reason) = Assert.Single(_closed);
        Assert.Same(connection, c);
        Assert.Equal(CloseReason.KeepAliveTimeout, reason);
        Assert.Equal(TimeSpan.FromSeconds(95), _clock.Monotonic);
        Assert.True(channel.Aborted);
        Assert.Equal(0, _manager.Count);
    }

    [Fact]
    public void The_worst_case_detection_delay_is_exactly_95_seconds_on_the_virtual_clock()
    {
        Open();
        Run(TimeSpan.FromSeconds(94.999));
        Assert.Empty(_closed);
        Run(TimeSpan.FromMilliseconds(1));
        Assert.Single(_closed);
        Assert.Equal(TimeSpan.FromSeconds(95), KeepAliveSettings.Default.DetectionDelayMax);
    }

    [Fact]
    public void Answered_pings_keep_the_connection_alive_for_hours()
    {
        (FakeChannel channel, DeviceConnection connection) = Open();
        int answered = 0;
        for (int i = 0; i < 4 * 3600; i++)
        {
            Run(TimeSpan.FromSeconds(1));
            while (answered < channel.Sent.Count)
            {
                Assert.True(ControlCodec.TryDecode(channel.Sent[answered++], out ControlMessage ping));
                byte[] pong = new byte[ControlCodec.MaxKeepAliveSize];
                int n = ControlCodec.WritePong(pong, ping.Sequence);
                _manager.Receive(connection, pong.AsSpan(0, n).ToArray());
            }
        }

        Assert.Empty(_closed);
        Assert.Equal(4 * 3600 / 30, answered);
    }

    [Fact]
    public void Any_received_message_counts_as_traffic_and_postpones_the_ping()
    {
        (FakeChannel channel, DeviceConnection connection) = Open();
        for (int i = 0; i < 10; i++)
        {
            Run(TimeSpan.FromSeconds(29));
            _manager.Receive(connection, Hex("a4 01 01 02 01 03 00 04 00")); // a read request
        }

        Assert.Empty(channel.Sent);
        Assert.Equal(10, _handler.Messages.Count);
        Assert.All(_handler.Messages, m => Assert.Equal(MessageKind.Request, m.Kind));
    }

    [Fact]
    public void A_late_pong_resets_the_missed_count()
    {
        (FakeChannel channel, DeviceConnection connection) = Open();
        Run(TimeSpan.FromSeconds(66)); // two pings missed
        Assert.Equal(2, connection.MissedPongs);
        _manager.Receive(connection, Hex("a2 01 02 02 02"));
        Assert.Equal(0, connection.MissedPongs);
        Run(TimeSpan.FromSeconds(94));
        Assert.Empty(_closed);
        Run(TimeSpan.FromSeconds(1));
        Assert.Single(_closed);
    }

    [Fact]
    public void Graceful_close_by_the_device_waits_for_the_acknowledgement()
    {
        (FakeChannel channel, DeviceConnection connection) = Open();
        connection.CloseGracefully();
        Assert.Equal(Hex("a1 01 03"), Assert.Single(channel.Sent));
        Assert.False(channel.Closed);
        Run(TimeSpan.FromSeconds(1));
        _manager.Receive(connection, Hex("a1 01 03")); // the reference answers close with close
        Assert.True(channel.Closed);
        Assert.False(channel.Aborted);
        Assert.Equal(CloseReason.ClosedByDevice, Assert.Single(_closed).Reason);
    }

    [Fact]
    public void Graceful_close_gives_up_waiting_after_5_seconds()
    {
        (FakeChannel channel, DeviceConnection connection) = Open();
        connection.CloseGracefully();
        Run(TimeSpan.FromSeconds(4.9));
        Assert.False(channel.Closed);
        Run(TimeSpan.FromSeconds(0.1));
        Assert.True(channel.Closed);
        Assert.Equal(CloseReason.ClosedByDevice, Assert.Single(_closed).Reason);
    }

    [Fact]
    public void A_close_from_the_peer_is_acknowledged_and_ends_the_connection()
    {
        (FakeChannel channel, DeviceConnection connection) = Open();
        _manager.Receive(connection, Hex("a1 01 03"));
        Assert.Equal(Hex("a1 01 03"), Assert.Single(channel.Sent));
        Assert.True(channel.Closed);
        Assert.Equal(CloseReason.ClosedByPeer, Assert.Single(_closed).Reason);
        Assert.Equal(CloseReason.ClosedByPeer, Assert.Single(_handler.Closes));
    }

    [Fact]
    public void Malformed_cbor_gets_an_error_response_and_the_connection_stays_open()
    {
        (FakeChannel channel, DeviceConnection connection) = Open();
        _manager.Receive(connection, Hex("a3 01 05 02")); // map of 3 cut short
        Response error = MessageCodec.DecodeResponse(Assert.Single(channel.Sent));
        Assert.Equal(StatusCode.InvalidParameter, error.Status);
        Assert.Empty(_closed);
        Assert.Equal(ConnectionState.Open, connection.State);

        _manager.Receive(connection, Hex("a2 01 01 02 09"));
        Assert.Equal(2, channel.Sent.Count); // and it still answers pings
    }

    [Fact]
    public void The_seventh_connection_is_refused_when_six_are_open()
    {
        for (int i = 0; i < TransportLimits.MaxConnections; i++)
        {
            Assert.NotNull(_manager.Open(new FakeChannel(), PeerCredentials.Anonymous));
        }

        var extra = new FakeChannel();
        Assert.Null(_manager.Open(extra, PeerCredentials.Anonymous));
        Assert.True(extra.Aborted);
        Assert.Equal(TransportLimits.MaxConnections, _manager.Count);
    }

    private static PeerCredentials ZonePeer()
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=controller", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        using System.Security.Cryptography.X509Certificates.X509Certificate2 certificate = request.CreateSelfSigned(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddYears(100));
        return new PeerCredentials(certificate.RawData, certificate.Subject, "TLS_AES_128_GCM_SHA256");
    }

    [Fact]
    public void A_zone_controller_gets_in_when_anonymous_connections_hold_every_slot()
    {
        var anonymous = new List<(FakeChannel Channel, DeviceConnection Connection)>();
        for (int i = 0; i < TransportLimits.MaxConnections; i++)
        {
            anonymous.Add(Open());
        }

        // One of them is already being turned away (waiting for a close acknowledgement).
        anonymous[3].Connection.CloseGracefully(CloseReason.Rejected);

        var controller = new FakeChannel();
        DeviceConnection? zone = _manager.Open(controller, ZonePeer());

        Assert.NotNull(zone);
        Assert.False(controller.Aborted);
        Assert.True(anonymous[3].Channel.Aborted); // the closing one goes first
        Assert.Equal((anonymous[3].Connection, CloseReason.Rejected), Assert.Single(_closed));
        Assert.Equal(TransportLimits.MaxConnections, _manager.Count);

        // The next zone controller takes the oldest remaining anonymous connection's slot.
        Assert.NotNull(_manager.Open(new FakeChannel(), ZonePeer()));
        Assert.True(anonymous[0].Channel.Aborted);
        Assert.False(anonymous[1].Channel.Aborted);
    }

    [Fact]
    public void Anonymous_connections_never_displace_a_zone_controller_and_zones_never_displace_zones()
    {
        var zones = new List<FakeChannel>();
        for (int i = 0; i < TransportLimits.MaxConnections; i++)
        {
            var channel = new FakeChannel();
            zones.Add(channel);
            Assert.NotNull(_manager.Open(channel, ZonePeer()));
        }

        var anonymous = new FakeChannel();
        Assert.Null(_manager.Open(anonymous, PeerCredentials.Anonymous));
        Assert.True(anonymous.Aborted);
        var seventh = new FakeChannel();
        Assert.Null(_manager.Open(seventh, ZonePeer()));
        Assert.True(seventh.Aborted);
        Assert.All(zones, z => Assert.False(z.Aborted));
    }

    [Fact]
    public void A_peer_that_does_not_read_is_dropped_when_its_queue_fills()
    {
        (FakeChannel channel, DeviceConnection connection) = Open();
        channel.QueueLimit = 2;
        Assert.True(connection.Send(new byte[] { 0xa0 }));
        Assert.True(connection.Send(new byte[] { 0xa0 }));
        Assert.False(connection.Send(new byte[] { 0xa0 }));
        Assert.True(channel.Aborted);
        Assert.Equal(CloseReason.SendQueueFull, Assert.Single(_closed).Reason);
    }

    [Fact]
    public void A_lost_connection_is_reported_once_to_the_handler_and_the_failsafe_hook()
    {
        (_, DeviceConnection connection) = Open();
        _manager.ChannelClosed(connection, CloseReason.ConnectionLost);
        _manager.ChannelClosed(connection, CloseReason.ConnectionLost);
        Assert.Equal(CloseReason.ConnectionLost, Assert.Single(_handler.Closes));
        Assert.Single(_closed);
        Run(TimeSpan.FromMinutes(5)); // no keep-alive timer survives the close
        Assert.Single(_closed);
    }

    [Fact]
    public void Requests_reach_the_layer_above_and_the_default_layer_answers_unsupported()
    {
        _manager.Handler = NotServedHandler.Instance;
        (FakeChannel channel, DeviceConnection connection) = Open();
        _manager.Receive(connection, Hex("a5 01 02 02 01 03 00 04 01 05 f6"));
        Response response = MessageCodec.DecodeResponse(Assert.Single(channel.Sent));
        Assert.Equal(2u, response.MessageId);
        Assert.Equal(StatusCode.Unsupported, response.Status);
    }

    private static byte[] TextPing(uint seq)
    {
        byte[] buffer = new byte[64];
        int n = ControlCodec.Write(buffer, new ControlMessage(ControlMessageType.Ping, seq, ControlKeyForm.TextKeys));
        return buffer.AsSpan(0, n).ToArray();
    }
}
