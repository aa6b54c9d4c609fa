using System;
using System.Collections.Generic;
using System.IO;
using Mash.Protocol.Wire;

namespace Mash.Protocol.Tests.Wire;

public class FrameReaderTests
{
    private static byte[] Frame(int payloadLength, byte fill = 0xA0)
    {
        var payload = new byte[payloadLength];
        payload.AsSpan().Fill(fill);
        var frame = new byte[FrameFormat.HeaderSize + payloadLength];
        FrameWriter.Write(frame, payload);
        return frame;
    }

    private static byte[] Concat(params byte[][] parts)
    {
        var all = new List<byte>();
        foreach (byte[] part in parts)
        {
            all.AddRange(part);
        }

        return all.ToArray();
    }

    /// <summary>Feeds every chunk to the reader and collects copies of the frames it yields.</summary>
    private static List<byte[]> Drain(FrameReader reader, IEnumerable<byte[]> chunks)
    {
        var frames = new List<byte[]>();
        foreach (byte[] chunk in chunks)
        {
            ReadOnlySpan<byte> rest = chunk;
            while (!rest.IsEmpty)
            {
                int used = reader.Push(rest);
                rest = rest[used..];
                Assert.Equal(FrameError.None, reader.Error);
                if (reader.TryTakeFrame(out ReadOnlyMemory<byte> frame))
                {
                    frames.Add(frame.ToArray());
                }
            }
        }

        return frames;
    }

    private static IEnumerable<byte[]> ByteByByte(byte[] stream)
    {
        foreach (byte b in stream)
        {
            yield return new[] { b };
        }
    }

    [Fact]
    public void Frames_fed_one_byte_at_a_time_come_out_whole_and_in_order()
    {
        byte[] ping = Hex.Parse("a2 01 01 02 07");
        byte[] close = Hex.Parse("a1 01 03");
        byte[] stream = Concat(Frame(0x0300, 0x11), WithHeader(ping), WithHeader(close));

        List<byte[]> frames = Drain(new FrameReader(), ByteByByte(stream));

        Assert.Equal(3, frames.Count);
        Assert.Equal(0x0300, frames[0].Length);
        Assert.All(frames[0], b => Assert.Equal(0x11, b));
        Assert.Equal(ping, frames[1]);
        Assert.Equal(close, frames[2]);
    }

    [Fact]
    public void Frames_split_at_random_points_reassemble_exactly()
    {
        var random = new Random(4711);
        var payloads = new List<byte[]>();
        var stream = new List<byte>();
        for (int i = 0; i < 200; i++)
        {
            var payload = new byte[random.Next(1, i % 10 == 0 ? 20000 : 300)];
            random.NextBytes(payload);
            payloads.Add(payload);
            stream.AddRange(WithHeader(payload));
        }

        var chunks = new List<byte[]>();
        for (int at = 0; at < stream.Count;)
        {
            int size = Math.Min(random.Next(1, 5000), stream.Count - at);
            chunks.Add(stream.GetRange(at, size).ToArray());
            at += size;
        }

        List<byte[]> frames = Drain(new FrameReader(), chunks);

        Assert.Equal(payloads.Count, frames.Count);
        for (int i = 0; i < payloads.Count; i++)
        {
            Assert.Equal(payloads[i], frames[i]);
        }
    }

    [Fact]
    public void A_frame_of_exactly_65536_bytes_is_accepted()
    {
        List<byte[]> frames = Drain(new FrameReader(), new[] { Frame(65536) });

        Assert.Single(frames);
        Assert.Equal(65536, frames[0].Length);
    }

    [Fact]
    public void A_declared_length_of_65537_is_rejected_at_the_header_without_buffering_the_payload()
    {
        var reader = new FrameReader();
        int before = reader.Capacity;
        byte[] data = Concat(Hex.Parse("00 01 00 01"), new byte[1000]);

        int used = reader.Push(data);

        Assert.Equal(4, used);
        Assert.Equal(FrameError.TooLarge, reader.Error);
        Assert.Equal(65537, reader.DeclaredLength);
        Assert.Equal(before, reader.Capacity);
        Assert.Equal(0, reader.Push(data.AsSpan(4)));
    }

    [Fact]
    public void A_huge_declared_length_is_reported_as_too_large()
    {
        var reader = new FrameReader();

        reader.Push(Hex.Parse("ff ff ff ff"));

        Assert.Equal(FrameError.TooLarge, reader.Error);
        Assert.Equal(uint.MaxValue, reader.DeclaredLength);
    }

    [Fact]
    public void A_zero_length_frame_is_rejected()
    {
        var reader = new FrameReader();

        int used = reader.Push(Hex.Parse("00 00 00 00 a0"));

        Assert.Equal(4, used);
        Assert.Equal(FrameError.ZeroLength, reader.Error);
        Assert.False(reader.TryTakeFrame(out _));
    }

    [Fact]
    public void A_large_declared_length_does_not_allocate_the_declared_size_up_front()
    {
        var reader = new FrameReader();

        reader.Push(Concat(Hex.Parse("00 01 00 00"), new byte[100]));

        Assert.Equal(FrameError.None, reader.Error);
        Assert.True(reader.InsideFrame);
        Assert.True(reader.Capacity < 1024, $"capacity {reader.Capacity} after 100 payload bytes");
    }

    [Fact]
    public void The_buffer_grows_with_arriving_bytes_and_never_beyond_the_declared_length()
    {
        var reader = new FrameReader();
        reader.Push(Hex.Parse("00 00 27 10"));

        for (int sent = 0; sent < 9000; sent += 1000)
        {
            reader.Push(new byte[1000]);
            Assert.True(reader.Capacity <= Math.Max(FrameReader.DefaultInitialCapacity, 2 * (sent + 1000)));
        }

        reader.Push(new byte[1000]);
        Assert.True(reader.TryTakeFrame(out ReadOnlyMemory<byte> frame));
        Assert.Equal(10000, frame.Length);
        Assert.True(reader.Capacity <= 10000);
    }

    [Fact]
    public void After_a_large_frame_the_reader_returns_to_a_small_buffer()
    {
        var reader = new FrameReader();
        Drain(reader, new[] { Frame(30000) });

        Drain(reader, new[] { Frame(10) });

        Assert.Equal(FrameReader.DefaultInitialCapacity, reader.Capacity);
    }

    [Fact]
    public void A_stream_that_ends_inside_the_header_is_truncated()
    {
        var reader = new FrameReader();

        reader.Push(Hex.Parse("00 00 00"));

        Assert.True(reader.InsideFrame);
        Assert.Equal(FrameError.Truncated, reader.EndOfStream());
    }

    [Fact]
    public void A_stream_that_ends_inside_the_payload_is_truncated()
    {
        var reader = new FrameReader();

        reader.Push(Hex.Parse("00 00 00 10 01 02 03 04 05"));

        Assert.True(reader.InsideFrame);
        Assert.False(reader.HasFrame);
        Assert.Equal(FrameError.Truncated, reader.EndOfStream());
    }

    [Fact]
    public void A_stream_that_ends_between_frames_is_not_truncated()
    {
        var reader = new FrameReader();
        Drain(reader, new[] { Frame(5) });

        Assert.False(reader.InsideFrame);
        Assert.Equal(FrameError.None, reader.EndOfStream());
    }

    [Fact]
    public void Pushing_past_an_untaken_frame_is_refused()
    {
        var reader = new FrameReader();
        byte[] two = Concat(Frame(3), Frame(3));

        int used = reader.Push(two);

        Assert.Equal(7, used);
        Assert.Throws<InvalidOperationException>(() => reader.Push(two.AsSpan(used)));
    }

    [Fact]
    public void Reset_clears_an_error_for_the_next_connection()
    {
        var reader = new FrameReader();
        reader.Push(Hex.Parse("00 00 00 00"));

        reader.Reset();

        Assert.Single(Drain(reader, new[] { Frame(4) }));
    }

    [Fact]
    public void Small_frames_in_steady_state_allocate_nothing()
    {
        var reader = new FrameReader();
        byte[] stream = Concat(WithHeader(Hex.Parse("a2 01 01 02 07")), WithHeader(Hex.Parse("a3 01 02 02 00 03 a0")));
        int frames = 0;

        void Feed()
        {
            int at = 0;
            while (at < stream.Length)
            {
                at += reader.Push(stream, at, stream.Length - at);
                if (reader.TryTakeFrame(out byte[] _, out int length))
                {
                    frames += length > 0 ? 1 : 0;
                }
            }
        }

        Feed();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 500; i++)
        {
            Feed();
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(1002, frames);
        Assert.True(allocated < 1000, $"{allocated} bytes allocated for 1000 frames");
    }

    [Fact]
    public void The_stream_helper_reads_frames_until_a_clean_end()
    {
        using var stream = new MemoryStream(Concat(Frame(3, 0x01), Frame(65536, 0x02)));
        var buffer = new byte[FrameFormat.MaxFrameSize];

        Assert.True(FrameReader.TryReadFrame(stream, buffer, out int first, out _));
        Assert.Equal(3, first);
        Assert.True(FrameReader.TryReadFrame(stream, buffer, out int second, out _));
        Assert.Equal(65536, second);
        Assert.False(FrameReader.TryReadFrame(stream, buffer, out _, out FrameError end));
        Assert.Equal(FrameError.None, end);
    }

    [Theory]
    [InlineData("00 00 00 00", FrameError.ZeroLength)]
    [InlineData("00 01 00 01", FrameError.TooLarge)]
    [InlineData("00 00", FrameError.Truncated)]
    [InlineData("00 00 00 05 a1 01", FrameError.Truncated)]
    public void The_stream_helper_reports_framing_errors(string bytes, FrameError expected)
    {
        using var stream = new MemoryStream(Hex.Parse(bytes));

        Assert.False(FrameReader.TryReadFrame(stream, new byte[FrameFormat.MaxFrameSize], out _, out FrameError error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void The_writer_prefixes_a_big_endian_length()
    {
        var destination = new byte[260];

        int written = FrameWriter.Write(destination, new byte[256]);

        Assert.Equal(260, written);
        Assert.Equal("00000100", Hex.Of(destination.AsSpan(0, 4)));
    }

    [Fact]
    public void The_stream_writer_sends_header_and_payload_together()
    {
        using var stream = new MemoryStream();

        FrameWriter.Write(stream, Hex.Parse("a1 01 03"));

        Assert.Equal("00000003a10103", Hex.Of(stream.ToArray()));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65537)]
    public void The_writer_refuses_lengths_a_receiver_would_reject(int length)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FrameWriter.Write(new byte[70000], new byte[length]));
    }

    private static byte[] WithHeader(byte[] payload)
    {
        var frame = new byte[payload.Length + FrameFormat.HeaderSize];
        FrameWriter.Write(frame, payload);
        return frame;
    }
}
