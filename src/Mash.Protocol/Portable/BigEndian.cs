namespace Mash.Protocol.Portable;

/// <summary>
/// Network byte order reads and writes on plain arrays (nanoFramework has no BinaryPrimitives and
/// no spans).
/// </summary>
public static class BigEndian
{
    public static ushort ReadUInt16(byte[] b, int at) => (ushort)((b[at] << 8) | b[at + 1]);

    public static uint ReadUInt32(byte[] b, int at) =>
        ((uint)b[at] << 24) | ((uint)b[at + 1] << 16) | ((uint)b[at + 2] << 8) | b[at + 3];

    public static ulong ReadUInt64(byte[] b, int at) => ((ulong)ReadUInt32(b, at) << 32) | ReadUInt32(b, at + 4);

    public static void WriteUInt16(byte[] b, int at, ushort value)
    {
        b[at] = (byte)(value >> 8);
        b[at + 1] = (byte)value;
    }

    public static void WriteUInt32(byte[] b, int at, uint value)
    {
        b[at] = (byte)(value >> 24);
        b[at + 1] = (byte)(value >> 16);
        b[at + 2] = (byte)(value >> 8);
        b[at + 3] = (byte)value;
    }

    public static void WriteUInt64(byte[] b, int at, ulong value)
    {
        WriteUInt32(b, at, (uint)(value >> 32));
        WriteUInt32(b, at + 4, (uint)value);
    }
}
