using System;
using System.Threading.Tasks;
using Mash.Controller.Transport;
using Mash.Protocol.Wire;

namespace Mash.Controller.Tests.Transport;

public sealed class MashConnectionKeepAliveTests
{
    [Fact]
    public async Task A_ping_from_the_device_is_answered_with_a_pong_of_the_same_sequence()
    {
        await using Harness h = await Harness.OpenAsync();

        await h.Peer.SendControlAsync(new ControlMessage(ControlMessageType.Ping, 7));

        Assert.Equal(new byte[] { 0xA2, 0x01, 0x02, 0x02, 0x07 }, await h.Peer.ExpectFrameAsync());
    }

    [Fact]
    public async Task A_string_key_ping_is_answered_in_the_string_key_form()
    {
        await using Harness h = await Harness.OpenAsync();

        await h.Peer.SendControlAsync(new ControlMessage(ControlMessageType.Ping, 12345, ControlKeyForm.TextKeys));
        ControlMessage pong = await h.Peer.ReadControlAsync();

        Assert.Equal(new ControlMessage(ControlMessageType.Pong, 12345, ControlKeyForm.TextKeys), pong);
    }

    [Fact]
    public async Task Pings_from_the_device_are_answered_in_raw_mode_too_and_never_reach_the_raw_queue()
    {
        await using Harness h = await Harness.OpenAsync(MashConnectionMode.Raw);
        byte[] paseResponse = [0xA2, 0x01, 0x02, 0x02, 0x41, 0x01];

        await h.SyncAsync(3);
        await h.Peer.WriteFrameAsync(paseResponse);

        Assert.Equal(paseResponse, (await h.Client.ReceiveFrameAsync().WaitAsync(TestTlsServer.Guard)).ToArray());
    }

    [Fact]
    public async Task The_client_pings_after_30_seconds_without_traffic()
    {
        await using Harness h = await Harness.OpenAsync();

        h.Time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(new byte[] { 0xA2, 0x01, 0x01, 0x02, 0x01 }, await h.Peer.ExpectFrameAsync());
    }

    [Fact]
    public async Task Any_received_frame_postpones_the_next_ping()
    {
        await using Harness h = await Harness.OpenAsync();

        h.Time.Advance(TimeSpan.FromSeconds(25));
        await h.Peer.NotifyAsync(1, new CborMap());
        await h.SyncAsync(99);
        h.Time.Advance(TimeSpan.FromSeconds(25));

        // Had a ping been due it would have been written before this pong.
        await h.SyncAsync(100);
        h.Time.Advance(TimeSpan.FromSeconds(30));
        ControlMessage ping = await h.Peer.ReadControlAsync();

        Assert.Equal(new ControlMessage(ControlMessageType.Ping, 1), ping);
    }

    [Fact]
    public async Task A_device_that_stops_answering_is_declared_lost_exactly_when_the_third_pong_is_missed()
    {
        await using Harness h = await Harness.OpenAsync();
        DateTimeOffset start = h.Time.GetUtcNow();

        for (uint sequence = 1; sequence <= 3; sequence++)
        {
            h.Time.Advance(sequence == 1 ? TimeSpan.FromSeconds(30) : TimeSpan.FromSeconds(25));
            Assert.Equal(new ControlMessage(ControlMessageType.Ping, sequence), await h.Peer.ReadControlAsync());
            if (sequence < 3)
            {
                h.Time.Advance(TimeSpan.FromSeconds(5));
                Assert.False(h.Client.Closed.IsCompleted);
            }
        }

        h.Time.Advance(TimeSpan.FromSeconds(5) - TimeSpan.FromMilliseconds(1));
        Assert.False(h.Client.Closed.IsCompleted);
        h.Time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.True(h.Client.Closed.IsCompleted);
        ConnectionClosedInfo closed = await h.Client.Closed;
        Assert.Equal(ConnectionEndKind.KeepAliveTimeout, closed.Kind);
        Assert.Equal("keep-alive: 3 pongs missed", closed.Reason);
        Assert.True(closed.IsLost);
        Assert.Equal(TimeSpan.FromSeconds(95), h.Time.GetUtcNow() - start);
        Assert.True(await h.Peer.SeesEndOfStreamAsync());
    }

    [Fact]
    public async Task A_device_that_answers_every_ping_stays_connected()
    {
        await using Harness h = await Harness.OpenAsync();

        for (uint sequence = 1; sequence <= 5; sequence++)
        {
            h.Time.Advance(TimeSpan.FromSeconds(30));
            ControlMessage ping = await h.Peer.ReadControlAsync();
            Assert.Equal(new ControlMessage(ControlMessageType.Ping, sequence), ping);
            await h.Peer.SendControlAsync(ControlCodec.PongFor(ping));
            await h.SyncAsync(1000 + sequence);
            h.Time.Advance(TimeSpan.FromSeconds(5));
        }

        Assert.False(h.Client.Closed.IsCompleted);
    }

    [Fact]
    public async Task A_missed_pong_is_forgiven_once_traffic_arrives()
    {
        await using Harness h = await Harness.OpenAsync();

        h.Time.Advance(TimeSpan.FromSeconds(30));
        await h.Peer.ReadControlAsync();
        h.Time.Advance(TimeSpan.FromSeconds(5));
        h.Time.Advance(TimeSpan.FromSeconds(25));
        await h.Peer.ReadControlAsync();
        h.Time.Advance(TimeSpan.FromSeconds(5));
        await h.Peer.NotifyAsync(1, new CborMap());
        await h.SyncAsync();

        // Two misses before the notification; three more are needed now.
        h.Time.Advance(TimeSpan.FromSeconds(30));
        await h.Peer.ReadControlAsync();
        h.Time.Advance(TimeSpan.FromSeconds(5));
        h.Time.Advance(TimeSpan.FromSeconds(25));
        await h.Peer.ReadControlAsync();
        h.Time.Advance(TimeSpan.FromSeconds(5));

        Assert.False(h.Client.Closed.IsCompleted);
    }

    [Fact]
    public async Task No_pings_are_sent_in_raw_mode_so_a_PASE_exchange_is_not_disturbed()
    {
        await using Harness h = await Harness.OpenAsync(MashConnectionMode.Raw);

        h.Time.Advance(TimeSpan.FromSeconds(120));
        await h.SyncAsync(5);
        h.Client.EnterRequestMode();
        h.Time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(new ControlMessage(ControlMessageType.Ping, 1), await h.Peer.ReadControlAsync());
        Assert.False(h.Client.Closed.IsCompleted);
    }
}
