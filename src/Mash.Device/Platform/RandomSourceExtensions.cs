using System;
using Mash.Protocol.Portable;

namespace Mash.Device.Platform;

public static class RandomSourceExtensions
{
    public static uint NextUInt32(this IRandomSource random)
    {
        if (random is null)
        {
            throw new ArgumentNullException(nameof(random));
        }

        byte[] b = new byte[4];
        random.Fill(b);
        return BigEndian.ReadUInt32(b, 0);
    }
}
