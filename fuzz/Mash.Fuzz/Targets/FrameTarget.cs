using System;
using System.Collections.Generic;
using System.IO;
using Mash.Protocol.Wire;

namespace Mash.Fuzz.Targets;

/// <summary>
/// The frame reader as a connection feeds it: bytes arrive in chunks of a size the input picks.
/// The incremental reader and the blocking <see cref="FrameReader.TryReadFrame"/> must agree on
/// every frame and on the final error; neither may throw.
/// </summary>
internal sealed class FrameTarget : IFuzzTarget
{
    private const int SmallLimit = 300;

    public string Name => "frame";

    public string Description => "FrameReader.Push in input-chosen chunks vs FrameReader.TryReadFrame";

    public void Run(ReadOnlySpan<byte> input)
    {
        // An empty input still runs the readers: SharpFuzz answers afl's first run with the
        // input present when the process started, which is empty, and afl refuses a target
        // whose first run shows no coverage.
        byte mode = input.IsEmpty ? (byte)0 : input[0];

        // Low 6 bits: chunk size 1..64; bit 6: a small frame limit, so TooLarge is reachable
        // without 64 KiB inputs; bit 7: one reader reused across two passes (Reset must forget).
        int chunk = (mode & 0x3F) + 1;
        bool small = (mode & 0x40) != 0;
        bool reuse = (mode & 0x80) != 0;
        ReadOnlySpan<byte> stream = input.IsEmpty ? input : input[1..];

        (List<byte[]> blocking, FrameError blockingError) = ReadBlocking(stream.ToArray(), small ? SmallLimit : FrameFormat.MaxFrameSize);
        FrameReader reader = small ? new FrameReader(SmallLimit, 16, 64) : new FrameReader();
        int passes = reuse ? 2 : 1;
        for (int pass = 0; pass < passes; pass++)
        {
            reader.Reset();
            (List<byte[]> incremental, FrameError incrementalError) = ReadIncremental(reader, stream, chunk);
            if (incrementalError != blockingError || incremental.Count != blocking.Count)
            {
                throw new FuzzInvariantException(
                    $"readers disagree: incremental {incremental.Count} frames then {incrementalError}, blocking {blocking.Count} frames then {blockingError}");
            }

            for (int i = 0; i < incremental.Count; i++)
            {
                if (!incremental[i].AsSpan().SequenceEqual(blocking[i]))
                {
                    throw new FuzzInvariantException($"frame {i} differs between the readers");
                }
            }
        }
    }

    public IEnumerable<byte[]> Seeds()
    {
        // Chunk selector first, then the stream: keep-alive pings from the digest, a request,
        // a zero length, an oversized length, and a truncated frame.
        yield return Hex.Bytes("00 00000005 a201010207 00000005 a201020207");
        yield return Hex.Bytes("03 0000000b a501020201030004010" + "5f6");
        yield return Hex.Bytes("41 00000003 a10103 00000000");
        yield return Hex.Bytes("00 00010001 00");
        yield return Hex.Bytes("87 00000010 a2010102");
        yield return Hex.Bytes("40 0000012d 00");
    }

    private static (List<byte[]> Frames, FrameError Error) ReadIncremental(FrameReader reader, ReadOnlySpan<byte> stream, int chunk)
    {
        var frames = new List<byte[]>();
        int at = 0;
        while (at < stream.Length && reader.Error == FrameError.None)
        {
            ReadOnlySpan<byte> piece = stream.Slice(at, Math.Min(chunk, stream.Length - at));
            int used = reader.Push(piece.ToArray());
            if (used < 0 || used > piece.Length)
            {
                throw new FuzzInvariantException($"Push consumed {used} of {piece.Length} bytes");
            }

            if (used == 0 && reader.Error == FrameError.None && !reader.HasFrame)
            {
                throw new FuzzInvariantException("Push made no progress without a frame or an error");
            }

            at += used;
            if (reader.TryTakeFrame(out byte[] frameBuffer, out int frameLength))
            {
                frames.Add(frameBuffer.AsSpan(0, frameLength).ToArray());
            }
        }

        return (frames, reader.EndOfStream());
    }

    private static (List<byte[]> Frames, FrameError Error) ReadBlocking(byte[] stream, int limit)
    {
        var frames = new List<byte[]>();
        using var source = new MemoryStream(stream, writable: false);
        byte[] buffer = new byte[limit];
        FrameError error;
        while (FrameReader.TryReadFrame(source, buffer, out int length, out error))
        {
            frames.Add(buffer.AsSpan(0, length).ToArray());
        }

        return (frames, error);
    }
}
