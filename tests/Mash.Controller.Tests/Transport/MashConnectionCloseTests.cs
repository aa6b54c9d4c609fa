using System;
using System.Threading.Tasks;
using Mash.Controller.Transport;
using Mash.Protocol.Wire;

namespace Mash.Controller.Tests.Transport;

public sealed class MashConnectionCloseTests
{
    [Fact]
    public async Task Closing_sends_the_close_message_and_finishes_when_the_device_acknowledges()
    {
        await using Harness h = await Harness.OpenAsync();

        Task<ConnectionClosedInfo> closing = h.Client.CloseAsync("user quit");
        Assert.Equal(new byte[] { 0xA1, 0x01, 0x03 }, await h.Peer.ExpectFrameAsync());
        await h.Peer.SendControlAsync(new ControlMessage(ControlMessageType.Close));
        ConnectionClosedInfo closed = await closing.WaitAsync(TestTlsServer.Guard);

        Assert.Equal(ConnectionEndKind.ClosedByUs, closed.Kind);
        Assert.Equal("user quit", closed.Reason);
        Assert.False(closed.IsLost);
        Assert.Contains(h.Log, line => line.Contains("close acknowledged", StringComparison.Ordinal));
        Assert.True(await h.Peer.SeesEndOfStreamAsync());
    }

    [Fact]
    public async Task A_string_key_close_ack_also_acknowledges_our_close()
    {
        await using Harness h = await Harness.OpenAsync();

        Task<ConnectionClosedInfo> closing = h.Client.CloseAsync();
        await h.Peer.ExpectFrameAsync();
        await h.Peer.SendControlAsync(new ControlMessage(ControlMessageType.CloseAck, 0, ControlKeyForm.TextKeys));

        Assert.Equal(ConnectionEndKind.ClosedByUs, (await closing.WaitAsync(TestTlsServer.Guard)).Kind);
        Assert.Contains(h.Log, line => line.Contains("close acknowledged", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Closing_gives_up_waiting_for_the_acknowledgement_after_5_seconds()
    {
        await using Harness h = await Harness.OpenAsync();

        Task<ConnectionClosedInfo> closing = h.Client.CloseAsync("bye");
        await h.Peer.ExpectFrameAsync();
        h.Time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.False(closing.IsCompleted);
        h.Time.Advance(TimeSpan.FromSeconds(0.1));
        ConnectionClosedInfo closed = await closing.WaitAsync(TestTlsServer.Guard);

        Assert.Equal(ConnectionEndKind.ClosedByUs, closed.Kind);
        Assert.Contains(h.Log, line => line.Contains("no close acknowledgement", StringComparison.Ordinal));
        Assert.True(await h.Peer.SeesEndOfStreamAsync());
    }

    [Fact]
    public async Task A_close_from_the_device_is_acknowledged_and_ends_the_connection()
    {
        await using Harness h = await Harness.OpenAsync();
        Task<Response> pending = h.Client.RequestAsync(Operation.Read, 1, 4);
        await h.Peer.ReadRequestAsync();

        await h.Peer.SendControlAsync(new ControlMessage(ControlMessageType.Close));

        Assert.Equal(new byte[] { 0xA1, 0x01, 0x03 }, await h.Peer.ExpectFrameAsync());
        ConnectionClosedInfo closed = await h.Client.Closed.WaitAsync(TestTlsServer.Guard);
        Assert.Equal(ConnectionEndKind.ClosedByPeer, closed.Kind);
        Assert.False(closed.IsLost);
        var failure = await Assert.ThrowsAsync<MashConnectionException>(() => pending.WaitAsync(TestTlsServer.Guard));
        Assert.Equal(ConnectionEndKind.ClosedByPeer, failure.CloseInfo?.Kind);
        Assert.True(await h.Peer.SeesEndOfStreamAsync());
        Assert.False(h.Client.IsOpen);
    }

    [Fact]
    public async Task A_string_key_close_is_answered_with_close_ack_and_its_reason_reported()
    {
        await using Harness h = await Harness.OpenAsync();

        await h.Peer.SendControlAsync(new ControlMessage(ControlMessageType.Close, 0, ControlKeyForm.TextKeys, "shutdown"));

        Assert.Equal(new ControlMessage(ControlMessageType.CloseAck, 0, ControlKeyForm.TextKeys), await h.Peer.ReadControlAsync());
        ConnectionClosedInfo closed = await h.Client.Closed.WaitAsync(TestTlsServer.Guard);
        Assert.Equal(ConnectionEndKind.ClosedByPeer, closed.Kind);
        Assert.Contains("shutdown", closed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Closing_an_ended_connection_reports_how_it_ended()
    {
        await using Harness h = await Harness.OpenAsync();
        await h.Peer.SendControlAsync(new ControlMessage(ControlMessageType.Close));
        await h.Client.Closed.WaitAsync(TestTlsServer.Guard);

        ConnectionClosedInfo closed = await h.Client.CloseAsync().WaitAsync(TestTlsServer.Guard);

        Assert.Equal(ConnectionEndKind.ClosedByPeer, closed.Kind);
        await Assert.ThrowsAsync<MashConnectionException>(() => h.Client.RequestAsync(Operation.Read, 0, 1));
        await Assert.ThrowsAsync<MashConnectionException>(() => h.Client.SendFrameAsync(new byte[] { 0xA0 }));
    }

    [Theory]
    [InlineData(new byte[] { 0x00, 0x01, 0x00, 0x01 }, "65537 bytes (maximum 65536)")]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF }, "4294967295 bytes")]
    [InlineData(new byte[] { 0x00, 0x00, 0x00, 0x00 }, "length 0")]
    public async Task A_frame_header_with_an_invalid_length_closes_the_connection_with_the_reason(byte[] header, string reason)
    {
        await using Harness h = await Harness.OpenAsync();
        Task<Response> pending = h.Client.RequestAsync(Operation.Read, 1, 4);
        await h.Peer.ReadRequestAsync();

        await h.Peer.WriteBytesAsync(header);

        ConnectionClosedInfo closed = await h.Client.Closed.WaitAsync(TestTlsServer.Guard);
        Assert.Equal(ConnectionEndKind.ProtocolError, closed.Kind);
        Assert.Contains(reason, closed.Reason, StringComparison.Ordinal);
        var failure = await Assert.ThrowsAsync<MashConnectionException>(() => pending.WaitAsync(TestTlsServer.Guard));
        Assert.Equal(ConnectionEndKind.ProtocolError, failure.CloseInfo?.Kind);
        Assert.True(await h.Peer.SeesEndOfStreamAsync());
    }

    [Fact]
    public async Task A_stream_that_ends_inside_a_frame_is_a_protocol_error()
    {
        await using Harness h = await Harness.OpenAsync();

        await h.Peer.WriteBytesAsync([0x00, 0x00, 0x00, 0x10, 0xA1, 0x01]);
        await h.Peer.Stream.ShutdownAsync();

        ConnectionClosedInfo closed = await h.Client.Closed.WaitAsync(TestTlsServer.Guard);
        Assert.Equal(ConnectionEndKind.ProtocolError, closed.Kind);
        Assert.Contains("inside a frame", closed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_device_that_ends_the_stream_without_a_close_message_is_reported_lost()
    {
        await using Harness h = await Harness.OpenAsync(MashConnectionMode.Raw);
        byte[] lastWords = [0xA3, 0x01, 0x18, 0xFF, 0x02, 0x01, 0x03, 0x61, 0x78];

        await h.Peer.WriteFrameAsync(lastWords);
        await h.Peer.Stream.ShutdownAsync();

        ConnectionClosedInfo closed = await h.Client.Closed.WaitAsync(TestTlsServer.Guard);
        Assert.Equal(ConnectionEndKind.EndOfStream, closed.Kind);
        Assert.True(closed.IsLost);

        // A frame that arrived before the end is still delivered, then the end is reported.
        Assert.Equal(lastWords, (await h.Client.ReceiveFrameAsync().WaitAsync(TestTlsServer.Guard)).ToArray());
        var failure = await Assert.ThrowsAsync<MashConnectionException>(() => h.Client.ReceiveFrameAsync().WaitAsync(TestTlsServer.Guard));
        Assert.Equal(ConnectionEndKind.EndOfStream, failure.CloseInfo?.Kind);
    }

    [Fact]
    public async Task Disposing_sends_a_close_message_without_waiting()
    {
        await using Harness h = await Harness.OpenAsync();

        await h.Client.DisposeAsync();

        Assert.Equal(new byte[] { 0xA1, 0x01, 0x03 }, await h.Peer.ExpectFrameAsync());
        Assert.Equal(ConnectionEndKind.ClosedByUs, (await h.Client.Closed).Kind);
        Assert.True(await h.Peer.SeesEndOfStreamAsync());
    }
}
