using System;
using System.Buffers.Binary;

namespace Mash.Device.Platform;

public static class RandomSourceExtensions
{
    public static uint NextUInt32(this IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        Span<byte> b = stackalloc byte[4];
        random.Fill(b);
        return BinaryPrimitives.ReadUInt32BigEndian(b);
    }
}
