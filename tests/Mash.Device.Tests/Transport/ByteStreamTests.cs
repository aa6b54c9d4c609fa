using System;
using System.Collections.Generic;
using Mash.Device.Diagnostics;
using Mash.Device.Runtime;
using Mash.Device.Transport;
using Mash.Protocol.Wire;

namespace Mash.Device.Tests.Transport;

/// <summary>
/// The network seam cut lower (issue 15 item 4): the platform hands the core raw bytes in any
/// split; framing, the frame deadline, the 64 KiB bound, keep-alive and the shared receive budget
/// are the core's, on the scheduler's virtual clock.
/// </summary>
public class ByteStreamTests
{
    private static readonly byte[] ReadRequest = Hex("a4 01 01 02 01 03 00 04 00");

    private readonly VirtualClock _clock = new();
    private readonly Scheduler _scheduler;
    private readonly RecordingHandler _handler = new();
    private readonly ConnectionManager _manager;
    private readonly List<(DeviceConnection Connection, CloseReason Reason)> _closed = [];

    public ByteStreamTests()
    {
        _scheduler = new Scheduler(_clock, NullLogSink.Instance);
        _manager = new ConnectionManager(_scheduler, _handler, NullLogSink.Instance)
        {
            Closed = (c, r) => _closed.Add((c, r)),
        };
    }

    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

    private static byte[] Frame(byte[] payload)
    {
        byte[] frame = new byte[payload.Length + 4];
        FrameWriter.Write(frame, payload);
        return frame;
    }

    /// <summary>A well-formed CBOR byte string (not a MASH message) framed to <paramref name="payloadLength"/> bytes.</summary>
    private static byte[] LargeFrame(int payloadLength)
    {
        byte[] payload = new byte[payloadLength];
        payload[0] = 0x59; // byte string, 2-byte length
        payload[1] = (byte)((payloadLength - 3) >> 8);
        payload[2] = (byte)(payloadLength - 3);
        return Frame(payload);
    }

    private (FakeChannel Channel, DeviceConnection Connection) Open()
    {
        var channel = new FakeChannel();
        return (channel, _manager.Open(channel, PeerCredentials.Anonymous)!);
    }

    private void Run(TimeSpan span) => VirtualTime.RunFor(_scheduler, _clock, span);

    [Fact]
    public void Frames_split_across_many_reads_and_several_frames_in_one_read_are_all_delivered()
    {
        (FakeChannel channel, DeviceConnection connection) = Open();
        byte[] request = Frame(ReadRequest);
        byte[] ping = Frame(Hex("a2 01 01 02 07"));

        // One byte per read.
        foreach (byte b in request)
        {
            connection.OnReceived([b], 0, 1);
        }

        // Two frames and the start of a third in one read, the rest in the next, at an offset.
        byte[] stream = [.. request, .. ping, .. request];
        byte[] buffer = new byte[stream.Length + 10];
        Array.Copy(stream, 0, buffer, 7, stream.Length);
        connection.OnReceived(buffer, 7, request.Length + ping.Length + 3);
        connection.OnReceived(buffer, 7 + request.Length + ping.Length + 3, request.Length - 3);

        Assert.Equal(3, _handler.Messages.Count);
        Assert.All(_handler.Messages, m => Assert.Equal(ReadRequest, m.Message));
        Assert.Equal(Hex("a2 01 02 02 07"), Assert.Single(channel.Sent)); // the ping got its pong
        Assert.Empty(_closed);
    }

    [Fact]
    public void The_frame_deadline_runs_only_while_a_frame_is_partial()
    {
        (FakeChannel channel, DeviceConnection connection) = Open();
        byte[] request = Frame(ReadRequest);

        // Whole frames with idle gaps longer than the frame timeout (but within keep-alive).
        connection.OnReceived(request, 0, request.Length);
        Run(TimeSpan.FromSeconds(25));
        connection.OnReceived(request, 0, 4); // only the length, then a long pause
        Run(TimeSpan.FromSeconds(9.9));
        connection.OnReceived(request, 4, request.Length - 4);
        Run(TimeSpan.FromSeconds(25));
        Assert.Empty(_closed);
        Assert.Equal(2, _handler.Messages.Count);

        // A frame still incomplete 10 s after its first byte ends the connection.
        connection.OnReceived(request, 0, 6);
        Run(TimeSpan.FromSeconds(9.999));
        Assert.Empty(_closed);
        Run(TimeSpan.FromMilliseconds(1));
        Assert.Equal(CloseReason.ProtocolError, Assert.Single(_closed).Reason);
        Assert.True(channel.Aborted);
    }

    [Fact]
    public void A_frame_that_completes_restarts_the_deadline_for_the_next_one_in_the_same_read()
    {
        (_, DeviceConnection connection) = Open();
        byte[] request = Frame(ReadRequest);
        connection.OnReceived(request, 0, 5);
        Run(TimeSpan.FromSeconds(8));

        // The rest of the first frame and the start of the second: the second has 10 s from now.
        byte[] both = [.. request, .. request];
        connection.OnReceived(both, 5, request.Length);
        Run(TimeSpan.FromSeconds(9));
        Assert.Empty(_closed);
        Run(TimeSpan.FromSeconds(1));
        Assert.Equal(CloseReason.ProtocolError, Assert.Single(_closed).Reason);
    }

    [Theory]
    [InlineData("00 01 00 01")] // 64 KiB + 1
    [InlineData("ff ff ff ff")]
    [InlineData("00 00 00 00")]
    public void A_zero_or_oversized_length_closes_with_a_protocol_error(string header)
    {
        (FakeChannel channel, DeviceConnection connection) = Open();
        byte[] bytes = Hex(header + " a1 01 01");
        connection.OnReceived(bytes, 0, bytes.Length);
        Assert.Equal(CloseReason.ProtocolError, Assert.Single(_closed).Reason);
        Assert.True(channel.Aborted);
        Assert.Empty(_handler.Messages);
    }

    [Fact]
    public void A_frame_of_exactly_64_KiB_is_accepted()
    {
        (FakeChannel channel, DeviceConnection connection) = Open();
        byte[] frame = LargeFrame(FrameFormat.MaxFrameSize);
        for (int at = 0; at < frame.Length; at += 1500)
        {
            connection.OnReceived(frame, at, Math.Min(1500, frame.Length - at));
        }

        Assert.Empty(_closed);
        Assert.Equal(1, _manager.MalformedMessages); // well-formed CBOR, not a MASH message: answered
        Assert.Single(channel.Sent);
    }

    [Fact]
    public void Three_unanswered_pings_close_the_connection_and_a_pong_in_pieces_keeps_it()
    {
        (FakeChannel channel, DeviceConnection connection) = Open();
        Run(TimeSpan.FromSeconds(30));
        Assert.True(ControlCodec.TryDecode(Assert.Single(channel.Sent), out ControlMessage ping));
        Assert.Equal(ControlMessageType.Ping, ping.Type);
        byte[] pong = new byte[ControlCodec.MaxKeepAliveSize];
        byte[] framed = Frame(pong.AsSpan(0, ControlCodec.WritePong(pong, ping.Sequence)).ToArray());
        connection.OnReceived(framed, 0, 3);
        connection.OnReceived(framed, 3, framed.Length - 3);
        Assert.Equal(0, connection.MissedPongs);

        Run(TimeSpan.FromSeconds(30 + 30 + 30 + 4.999));
        Assert.Empty(_closed);
        Run(TimeSpan.FromMilliseconds(1));
        Assert.Equal(CloseReason.KeepAliveTimeout, Assert.Single(_closed).Reason);
        Assert.Equal(4, channel.Sent.Count); // four pings, the last three unanswered
    }

    [Fact]
    public void Only_one_large_frame_is_received_at_a_time_the_others_are_paused_then_resumed()
    {
        (FakeChannel a, DeviceConnection first) = Open();
        (FakeChannel b, DeviceConnection second) = Open();
        (FakeChannel c, DeviceConnection third) = Open();
        byte[] large = LargeFrame(32 * 1024);

        first.OnReceived(large, 0, 1000);
        Assert.True(first.HoldsLargeFrame);
        Assert.Same(first, _manager.LargeFrameOwner);
        Assert.False(a.Paused);

        // The second connection's large frame waits: reading pauses, nothing is dropped.
        second.OnReceived(large, 0, 1000);
        Assert.True(b.Paused);
        Assert.True(second.ReceivePaused);
        Assert.False(second.HoldsLargeFrame);

        // Small frames are never held back.
        byte[] request = Frame(ReadRequest);
        third.OnReceived(request, 0, request.Length);
        Assert.Single(_handler.Messages);
        Assert.False(c.Paused);

        // The paused connection's frame deadline does not run while the core holds it.
        Run(TimeSpan.FromSeconds(5));
        first.OnReceived(large, 1000, large.Length - 1000);
        Assert.NotSame(first, _manager.LargeFrameOwner);
        Assert.Same(second, _manager.LargeFrameOwner);
        Assert.False(b.Paused);
        Assert.True(second.HoldsLargeFrame);
        Run(TimeSpan.FromSeconds(9));
        second.OnReceived(large, 1000, large.Length - 1000);
        Assert.Null(_manager.LargeFrameOwner);
        Assert.Empty(_closed);
        Assert.Equal(2, _manager.MalformedMessages);
        Assert.Equal(1, b.Pauses);
    }

    [Fact]
    public void A_connection_that_closes_while_holding_the_budget_passes_it_on()
    {
        (_, DeviceConnection first) = Open();
        (FakeChannel b, DeviceConnection second) = Open();
        byte[] large = LargeFrame(16 * 1024);
        first.OnReceived(large, 0, 100);
        second.OnReceived(large, 0, 100);
        Assert.True(b.Paused);

        // The holder trickles: its deadline fires, and the waiting connection is let in.
        Run(TimeSpan.FromSeconds(10));
        Assert.Equal(first, Assert.Single(_closed).Connection);
        Assert.Same(second, _manager.LargeFrameOwner);
        Assert.False(b.Paused);
        second.OnReceived(large, 100, large.Length - 100);
        Assert.Null(_manager.LargeFrameOwner);
        Assert.Single(_closed);
    }

    [Fact]
    public void A_burst_of_pipelined_requests_is_answered_in_full_at_the_pace_the_peer_reads()
    {
        // Regression: 500 requests in one read queued 500 responses at once, overflowed the send
        // queue, and the device dropped a peer that was reading fine.
        (FakeChannel channel, DeviceConnection connection) = Open();
        channel.QueueLimit = TransportLimits.SendQueueMessages;
        channel.BacklogAt = TransportLimits.SendBacklogMessages;
        _handler.Answer = Hex("a0");
        byte[] request = Frame(ReadRequest);
        byte[] burst = new byte[request.Length * 500];
        for (int i = 0; i < 500; i++)
        {
            request.CopyTo(burst, i * request.Length);
        }

        connection.OnReceived(burst, 0, burst.Length);
        Assert.Equal(TransportLimits.SendBacklogMessages, _handler.Messages.Count);
        Assert.True(channel.Paused);
        Assert.True(connection.OutputBlocked);

        // A read the platform had in flight when it paused is kept too, not handled yet.
        connection.OnReceived(request, 0, request.Length);
        Assert.Equal(TransportLimits.SendBacklogMessages, _handler.Messages.Count);

        int drains = 0;
        while (connection.OutputBlocked)
        {
            channel.Drain();
            connection.OnSendDrained();
            drains++;
        }

        Assert.Equal(501, _handler.Messages.Count);
        Assert.Equal(501, channel.Sent.Count);
        Assert.Equal(15, drains); // 32 answered per drain after the first 32, so (501 - 32) / 32 rounded up
        Assert.False(channel.Paused);
        Assert.False(channel.Aborted);
        Assert.Empty(_closed);
    }

    [Fact]
    public void The_end_of_the_stream_waits_for_the_held_requests_and_a_spurious_drain_changes_nothing()
    {
        (FakeChannel channel, DeviceConnection connection) = Open();
        channel.BacklogAt = 1;
        _handler.Answer = Hex("a0");
        byte[] request = Frame(ReadRequest);
        byte[] two = [.. request, .. request];

        connection.OnSendDrained(); // not blocked: nothing to do
        Assert.False(channel.Paused);

        connection.OnReceived(two, 0, two.Length);
        connection.OnEndOfStream();
        Assert.Single(_handler.Messages);
        Assert.Empty(_closed);

        channel.Drain();
        connection.OnSendDrained();
        Assert.Equal(2, _handler.Messages.Count);
        Assert.True(connection.OutputBlocked); // the second answer backlogged it again
        Assert.Empty(_closed);

        channel.Drain();
        connection.OnSendDrained();
        Assert.Equal(CloseReason.ConnectionLost, Assert.Single(_closed).Reason);
    }

    [Fact]
    public void A_backlog_and_a_wait_for_the_receive_budget_pause_reading_once_and_resume_only_when_both_end()
    {
        (_, DeviceConnection holder) = Open();
        (FakeChannel channel, DeviceConnection connection) = Open();
        byte[] large = LargeFrame(16 * 1024);
        holder.OnReceived(large, 0, 100);

        channel.BacklogAt = 1;
        _handler.Answer = Hex("a0");
        byte[] request = Frame(ReadRequest);
        byte[] stream = [.. request, .. large[..100]];
        connection.OnReceived(stream, 0, stream.Length);
        Assert.True(connection.OutputBlocked);
        Assert.Equal(1, channel.Pauses);

        channel.Drain();
        connection.OnSendDrained(); // the large frame's start now waits for the budget
        Assert.False(connection.OutputBlocked);
        Assert.True(channel.Paused);
        Assert.Equal(1, channel.Pauses);

        holder.OnReceived(large, 100, large.Length - 100);
        Assert.Same(connection, _manager.LargeFrameOwner);
        Assert.False(channel.Paused);
    }

    [Fact]
    public void The_frame_trace_shows_keep_alive_frames_both_ways()
    {
        var log = new Runtime.RecordingLogSink();
        var manager = new ConnectionManager(_scheduler, _handler, log) { TraceFrames = true };
        DeviceConnection connection = manager.Open(new FakeChannel(), PeerCredentials.Anonymous)!;

        Run(TimeSpan.FromSeconds(30)); // our ping
        byte[] ping = Frame(Hex("a2 01 01 02 07"));
        connection.OnReceived(ping, 0, ping.Length); // theirs, and our pong

        string[] trace = log.Lines.ConvertAll(l => l.Message).FindAll(m => m.Contains(" tx ", StringComparison.Ordinal) || m.Contains(" rx ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(3, trace.Length);
        Assert.Contains(" tx ", trace[0], StringComparison.Ordinal);
        Assert.Contains(" rx ", trace[1], StringComparison.Ordinal);
        Assert.Contains(" tx ", trace[2], StringComparison.Ordinal);
    }

    [Fact]
    public void The_stream_ending_inside_a_frame_is_a_protocol_error_and_between_frames_a_lost_connection()
    {
        (_, DeviceConnection first) = Open();
        (_, DeviceConnection second) = Open();
        byte[] request = Frame(ReadRequest);
        first.OnReceived(request, 0, 6);
        first.OnEndOfStream();
        second.OnReceived(request, 0, request.Length);
        second.OnEndOfStream();
        Assert.Equal(CloseReason.ProtocolError, _closed[0].Reason);
        Assert.Equal(CloseReason.ConnectionLost, _closed[1].Reason);
    }

    [Fact]
    public void The_open_event_carries_sni_and_alpn_and_anything_but_mash_alpn_is_refused()
    {
        var channel = new FakeChannel();
        DeviceConnection? connection = _manager.Open(channel, PeerCredentials.Anonymous, "device.local", TransportLimits.Alpn);
        Assert.NotNull(connection);
        Assert.Equal("device.local", connection.ServerName);
        Assert.Equal("mash/1", connection.ApplicationProtocol);

        var other = new FakeChannel();
        Assert.Null(_manager.Open(other, PeerCredentials.Anonymous, null, null));
        Assert.True(other.Aborted);
        Assert.Null(_manager.Open(new FakeChannel(), PeerCredentials.Anonymous, null, "h2"));
        Assert.Equal(1, _manager.Count);
    }

    [Fact]
    public void Outgoing_messages_are_framed_by_the_core()
    {
        (FakeChannel channel, DeviceConnection connection) = Open();
        byte[] message = new byte[5000];
        message[0] = 0x42;
        Assert.True(connection.Send(message));
        Assert.True(connection.Send(ReadRequest, 2, 3));
        Assert.Equal(message, channel.Sent[0]); // FakeChannel checks the header against the length
        Assert.Equal(Hex("01 02 01"), channel.Sent[1]);
    }
}
