using System;
using System.Buffers;
using System.IO;

namespace Mash.Protocol.Wire;

/// <summary>Writing frames to a stream, host only (nanoFramework's mscorlib has no Stream).</summary>
public static partial class FrameWriter
{
    /// <summary>
    /// Writes one frame to a stream with a single Write call, so that over TLS the frame travels in
    /// one record instead of a 4-byte record followed by the payload.
    /// </summary>
    public static void Write(Stream stream, byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        Write(stream, payload, 0, payload.Length);
    }

    /// <summary>Writes the <paramref name="count"/> payload bytes from <paramref name="offset"/> as one frame, with a single Write call.</summary>
    public static void Write(Stream stream, byte[] payload, int offset, int count)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(payload);
        CheckPayloadLength(count);
        int total = FrameFormat.HeaderSize + count;
        byte[] rented = ArrayPool<byte>.Shared.Rent(total);
        try
        {
            Write(rented, 0, payload, offset, count);
            stream.Write(rented, 0, total);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
