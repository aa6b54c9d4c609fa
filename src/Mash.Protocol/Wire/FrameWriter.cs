using System;
using Mash.Protocol.Portable;

namespace Mash.Protocol.Wire;

/// <summary>Writes length-prefixed frames.</summary>
public static partial class FrameWriter
{
    /// <summary>Writes the 4-byte big-endian prefix for a payload of <paramref name="payloadLength"/> bytes at the start of <paramref name="destination"/>.</summary>
    public static void WriteHeader(byte[] destination, int payloadLength) => WriteHeader(destination, 0, payloadLength);

    /// <summary>Writes the 4-byte big-endian prefix for a payload of <paramref name="payloadLength"/> bytes at <paramref name="offset"/>.</summary>
    public static void WriteHeader(byte[] destination, int offset, int payloadLength)
    {
        if (destination is null)
        {
            throw new ArgumentNullException(nameof(destination));
        }

        CheckPayloadLength(payloadLength);
        if (offset < 0 || destination.Length - offset < FrameFormat.HeaderSize)
        {
            throw new ArgumentException("The destination cannot hold a frame header.", nameof(destination));
        }

        BigEndian.WriteUInt32(destination, offset, (uint)payloadLength);
    }

    /// <summary>Writes prefix and payload at the start of <paramref name="destination"/>; returns the bytes written.</summary>
    public static int Write(byte[] destination, byte[] payload)
    {
        if (payload is null)
        {
            throw new ArgumentNullException(nameof(payload));
        }

        return Write(destination, 0, payload, 0, payload.Length);
    }

    /// <summary>
    /// Writes prefix and the <paramref name="count"/> payload bytes from <paramref name="payloadOffset"/>
    /// into <paramref name="destination"/> at <paramref name="offset"/>; returns the bytes written.
    /// </summary>
    public static int Write(byte[] destination, int offset, byte[] payload, int payloadOffset, int count)
    {
        if (destination is null)
        {
            throw new ArgumentNullException(nameof(destination));
        }

        if (payload is null)
        {
            throw new ArgumentNullException(nameof(payload));
        }

        if (payloadOffset < 0 || count < 0 || payloadOffset > payload.Length - count)
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }

        CheckPayloadLength(count);
        int total = FrameFormat.HeaderSize + count;
        if (offset < 0 || destination.Length - offset < total)
        {
            throw new ArgumentException("The destination cannot hold the frame.", nameof(destination));
        }

        BigEndian.WriteUInt32(destination, offset, (uint)count);
        Array.Copy(payload, payloadOffset, destination, offset + FrameFormat.HeaderSize, count);
        return total;
    }

    /// <summary>Prefix and payload as one new array.</summary>
    public static byte[] Frame(byte[] payload, int payloadOffset, int count)
    {
        CheckPayloadLength(count);
        byte[] frame = new byte[FrameFormat.HeaderSize + count];
        Write(frame, 0, payload, payloadOffset, count);
        return frame;
    }

    private static void CheckPayloadLength(int length)
    {
        if (!FrameFormat.IsValidLength(length))
        {
            throw new ArgumentOutOfRangeException(nameof(length), "A frame payload must be 1 to 65536 bytes.");
        }
    }
}
