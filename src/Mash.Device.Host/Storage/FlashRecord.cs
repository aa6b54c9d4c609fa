using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Hashing;
using Mash.Device.Storage;

namespace Mash.Device.Host.Storage;

/// <summary>
/// On-disk layout of one record: "MREC", format version (1 byte), payload length (uint32 big
/// endian), payload, CRC-32 (IEEE, big endian) over everything before it. The length and the
/// checksum together catch a truncated or torn file; the magic and version catch a foreign file.
/// </summary>
internal static class FlashRecord
{
    public const byte FormatVersion = 1;
    public const int HeaderLength = 9;
    public const int ChecksumLength = 4;
    public const int Overhead = HeaderLength + ChecksumLength;

    private static ReadOnlySpan<byte> Magic => "MREC"u8;

    public static byte[] Encode(ReadOnlySpan<byte> payload)
    {
        byte[] record = new byte[Overhead + payload.Length];
        Magic.CopyTo(record);
        record[4] = FormatVersion;
        BinaryPrimitives.WriteUInt32BigEndian(record.AsSpan(5), (uint)payload.Length);
        payload.CopyTo(record.AsSpan(HeaderLength));
        uint crc = Crc32.HashToUInt32(record.AsSpan(0, HeaderLength + payload.Length));
        BinaryPrimitives.WriteUInt32BigEndian(record.AsSpan(HeaderLength + payload.Length), crc);
        return record;
    }

    /// <summary>
    /// Reads and verifies a whole record. Memory is bounded by <paramref name="maxPayload"/>: the
    /// file size is checked before the payload buffer is allocated.
    /// </summary>
    public static FlashRead Read(Stream stream, int maxPayload)
    {
        long fileLength = stream.Length;
        if (fileLength < Overhead)
        {
            return FlashRead.Corrupt(
                "truncated: " + fileLength + " bytes, shorter than the " + Overhead + "-byte minimum record");
        }

        Span<byte> header = stackalloc byte[HeaderLength];
        stream.ReadExactly(header);
        if (!header[..4].SequenceEqual(Magic))
        {
            return FlashRead.Corrupt("wrong magic 0x" + Convert.ToHexString(header[..4]) + " (expected \"MREC\")");
        }

        if (header[4] != FormatVersion)
        {
            return FlashRead.Corrupt(
                "unknown format version " + header[4] + " (this firmware reads version " + FormatVersion + ")");
        }

        uint declared = BinaryPrimitives.ReadUInt32BigEndian(header[5..]);
        if (declared > (uint)maxPayload)
        {
            return FlashRead.Corrupt(
                "declares a " + declared + "-byte value, above the " + maxPayload + "-byte limit");
        }

        long expectedLength = Overhead + (long)declared;
        if (fileLength != expectedLength)
        {
            string what = fileLength < expectedLength ? "truncated" : "trailing bytes";
            return FlashRead.Corrupt(
                what + ": the file is " + fileLength + " bytes but its header declares a "
                + expectedLength + "-byte record");
        }

        byte[] payload = new byte[declared];
        stream.ReadExactly(payload);
        Span<byte> stored = stackalloc byte[ChecksumLength];
        stream.ReadExactly(stored);

        var crc = new Crc32();
        crc.Append(header);
        crc.Append(payload);
        uint computed = crc.GetCurrentHashAsUInt32();
        uint expected = BinaryPrimitives.ReadUInt32BigEndian(stored);
        if (computed != expected)
        {
            return FlashRead.Corrupt(
                "checksum mismatch (stored 0x" + expected.ToString("X8", null)
                + ", computed 0x" + computed.ToString("X8", null) + ")");
        }

        return FlashRead.Ok(payload);
    }
}
