using System;
using System.Buffers;
using System.Buffers.Binary;
using System.IO;

namespace Mash.Protocol.Wire;

/// <summary>Writes length-prefixed frames.</summary>
public static class FrameWriter
{
    /// <summary>Writes the 4-byte big-endian prefix for a payload of <paramref name="payloadLength"/> bytes.</summary>
    public static void WriteHeader(Span<byte> destination, int payloadLength)
    {
        CheckPayloadLength(payloadLength);
        if (destination.Length < FrameFormat.HeaderSize)
        {
            throw new ArgumentException("The destination cannot hold a frame header.", nameof(destination));
        }

        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)payloadLength);
    }

    /// <summary>Writes prefix and payload into <paramref name="destination"/>; returns the bytes written.</summary>
    public static int Write(Span<byte> destination, ReadOnlySpan<byte> payload)
    {
        CheckPayloadLength(payload.Length);
        int total = FrameFormat.HeaderSize + payload.Length;
        if (destination.Length < total)
        {
            throw new ArgumentException("The destination cannot hold the frame.", nameof(destination));
        }

        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)payload.Length);
        payload.CopyTo(destination[FrameFormat.HeaderSize..]);
        return total;
    }

    /// <summary>
    /// Writes one frame to a stream with a single Write call, so that over TLS the frame travels in
    /// one record instead of a 4-byte record followed by the payload.
    /// </summary>
    public static void Write(Stream stream, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(stream);
        CheckPayloadLength(payload.Length);
        int total = FrameFormat.HeaderSize + payload.Length;
        byte[] rented = ArrayPool<byte>.Shared.Rent(total);
        try
        {
            Write(rented, payload);
            stream.Write(rented, 0, total);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static void CheckPayloadLength(int length)
    {
        if (!FrameFormat.IsValidLength(length))
        {
            throw new ArgumentOutOfRangeException(
                nameof(length), length, "A frame payload must be 1 to 65536 bytes.");
        }
    }
}
