using System;
using Mash.Protocol.Wire;

namespace Mash.Protocol.Tests.Wire;

/// <summary>
/// Span-shaped calls the frame tests were written with, over the byte-array API the core has now
/// (nanoFramework has no spans). They only adapt arguments; the assertions are unchanged.
/// </summary>
internal static class FrameReaderSpanShims
{
    public static int Push(this FrameReader reader, ReadOnlySpan<byte> data) => reader.Push(data.ToArray());

    public static bool TryTakeFrame(this FrameReader reader, out ReadOnlyMemory<byte> frame)
    {
        if (reader.TryTakeFrame(out byte[] buffer, out int length))
        {
            frame = new ReadOnlyMemory<byte>(buffer, 0, length);
            return true;
        }

        frame = ReadOnlyMemory<byte>.Empty;
        return false;
    }
}
