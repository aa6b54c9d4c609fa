using System;
using System.IO;

namespace Mash.Protocol.Wire;

/// <summary>
/// The blocking-stream reader of frames, host only (nanoFramework's mscorlib has no Stream; the
/// device feeds <see cref="FrameReader.Push(byte[], int, int)"/> from its connection instead).
/// </summary>
public sealed partial class FrameReader
{
    /// <summary>
    /// Reads one frame from a blocking stream into <paramref name="buffer"/>. Returns false at a
    /// clean end of stream (error None) or on a fatal error. Lengths above the buffer size are
    /// TooLarge, so pass a buffer of <see cref="FrameFormat.MaxFrameSize"/> bytes to accept
    /// everything the protocol allows. The header is read into the buffer, so nothing is allocated.
    /// </summary>
    public static bool TryReadFrame(Stream stream, byte[] buffer, out int length, out FrameError error)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(buffer);
        if (buffer.Length < FrameFormat.HeaderSize)
        {
            throw new ArgumentException("The buffer must hold at least a frame header.", nameof(buffer));
        }

        length = 0;
        int got = ReadUpTo(stream, buffer, FrameFormat.HeaderSize);
        if (got < FrameFormat.HeaderSize)
        {
            error = got == 0 ? FrameError.None : FrameError.Truncated;
            return false;
        }

        uint declared = ((uint)buffer[0] << 24) | ((uint)buffer[1] << 16) | ((uint)buffer[2] << 8) | buffer[3];
        if (declared == 0)
        {
            error = FrameError.ZeroLength;
            return false;
        }

        if (declared > FrameFormat.MaxFrameSize || declared > (uint)buffer.Length)
        {
            error = FrameError.TooLarge;
            return false;
        }

        got = ReadUpTo(stream, buffer, (int)declared);
        if (got < (int)declared)
        {
            error = FrameError.Truncated;
            return false;
        }

        length = (int)declared;
        error = FrameError.None;
        return true;
    }

    private static int ReadUpTo(Stream stream, byte[] buffer, int count)
    {
        int total = 0;
        while (total < count)
        {
            int n = stream.Read(buffer, total, count - total);
            if (n <= 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }
}
