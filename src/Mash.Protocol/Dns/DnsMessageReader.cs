using System;
using System.Collections;
using Mash.Protocol.Portable;

namespace Mash.Protocol.Dns;

/// <summary>
/// Decodes DNS messages from untrusted packets. Every bound is checked before it is relied on:
/// the packet size, each count against the bytes left (so a header cannot make us allocate for
/// 65535 records), label and name lengths, and compression pointers, which must point strictly
/// before every position already visited for the name, so loops and forward pointers are
/// impossible. All failures are <see cref="DnsFormatException"/>.
/// </summary>
public static class DnsMessageReader
{
    private const int MinQuestionSize = 5;  // root name, type, class
    private const int MinRecordSize = 11;   // root name, type, class, TTL, data length

    public static DnsMessage Decode(byte[] packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        return Decode(packet, packet.Length);
    }

    public static DnsMessage Decode(byte[] packet, int length)
    {
        ArgumentNullException.ThrowIfNull(packet);
        if (length < 0 || length > packet.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(length), "length " + length + " is outside the buffer");
        }

        if (length > DnsLimits.MaxMessageSize)
        {
            throw new DnsFormatException($"message of {length} bytes is larger than {DnsLimits.MaxMessageSize}");
        }

        if (length < DnsLimits.HeaderSize)
        {
            throw new DnsFormatException($"message of {length} bytes is shorter than the 12-byte header");
        }

        var reader = new Cursor(packet, length);
        ushort id = reader.ReadUInt16();
        ushort flags = reader.ReadUInt16();
        int questions = reader.ReadUInt16();
        int answers = reader.ReadUInt16();
        int authorities = reader.ReadUInt16();
        int additionals = reader.ReadUInt16();

        long needed = ((long)questions * MinQuestionSize) + ((long)(answers + authorities + additionals) * MinRecordSize);
        if (needed > length - DnsLimits.HeaderSize)
        {
            throw new DnsFormatException($"header announces {questions}/{answers}/{authorities}/{additionals} entries, more than {length} bytes can hold");
        }

        var q = new DnsQuestion[questions];
        for (int i = 0; i < questions; i++)
        {
            DnsName name = reader.ReadName();
            var type = (DnsRecordType)reader.ReadUInt16();
            ushort cls = reader.ReadUInt16();
            q[i] = new DnsQuestion(name, type, (cls & DnsClass.TopBit) != 0, (ushort)(cls & ~DnsClass.TopBit));
        }

        DnsRecord[] an = ReadRecords(reader, answers);
        DnsRecord[] ns = ReadRecords(reader, authorities);
        DnsRecord[] ar = ReadRecords(reader, additionals);

        // Bytes after the last record are ignored, as most stacks do (some pad their packets).
        return new DnsMessage(id, flags, q, an, ns, ar);
    }

    private static DnsRecord[] ReadRecords(Cursor reader, int count)
    {
        var records = new DnsRecord[count];
        for (int i = 0; i < count; i++)
        {
            records[i] = ReadRecord(reader);
        }

        return records;
    }

    private static DnsRecord ReadRecord(Cursor reader)
    {
        DnsName name = reader.ReadName();
        var type = (DnsRecordType)reader.ReadUInt16();
        ushort rawClass = reader.ReadUInt16();
        uint ttl = reader.ReadUInt32();
        int dataLength = reader.ReadUInt16();
        int dataEnd = reader.Position + dataLength;
        if (dataEnd > reader.End)
        {
            throw new DnsFormatException($"{DnsRecords.TypeName(type)} record for {name} declares {dataLength} data bytes past the end of the message");
        }

        bool flush = (rawClass & DnsClass.TopBit) != 0;
        var cls = (ushort)(rawClass & ~DnsClass.TopBit);
        DnsRecord record;
        switch (type)
        {
            case DnsRecordType.A:
            case DnsRecordType.Aaaa:
                int size = type == DnsRecordType.A ? 4 : 16;
                if (dataLength != size)
                {
                    throw new DnsFormatException($"{DnsRecords.TypeName(type)} record for {name} has {dataLength} data bytes, not {size}");
                }

                record = new AddressRecord(name, ttl, reader.ReadBytes(size), flush, cls);
                break;

            case DnsRecordType.Ptr:
                record = new PtrRecord(name, ttl, reader.ReadName(), flush, cls);
                break;

            case DnsRecordType.Srv:
                if (dataLength < 7)
                {
                    throw new DnsFormatException($"SRV record for {name} has only {dataLength} data bytes");
                }

                ushort priority = reader.ReadUInt16();
                ushort weight = reader.ReadUInt16();
                ushort port = reader.ReadUInt16();
                record = new SrvRecord(name, ttl, priority, weight, port, reader.ReadName(), flush, cls);
                break;

            case DnsRecordType.Txt:
                var strings = new ArrayList();
                while (reader.Position < dataEnd)
                {
                    int len = reader.ReadByte();
                    if (reader.Position + len > dataEnd)
                    {
                        throw new DnsFormatException($"TXT string in {name} runs past the record data");
                    }

                    strings.Add(reader.ReadBytes(len));
                }

                record = new TxtRecord(name, ttl, Lists.ToByteArrays(strings), flush, cls);
                break;

            case DnsRecordType.Nsec:
                DnsName next = reader.ReadName();
                record = new NsecRecord(name, ttl, next, ReadTypeBitmaps(reader, dataEnd, name), flush, cls);
                break;

            default:
                record = new UnknownRecord(name, type, ttl, reader.ReadBytes(dataLength), flush, cls);
                break;
        }

        if (reader.Position != dataEnd)
        {
            throw new DnsFormatException($"{DnsRecords.TypeName(type)} record for {name} declares {dataLength} data bytes but holds {dataLength + reader.Position - dataEnd}");
        }

        return record;
    }

    private static DnsRecordType[] ReadTypeBitmaps(Cursor reader, int dataEnd, DnsName name)
    {
        var types = new ArrayList();
        int lastWindow = -1;
        while (reader.Position < dataEnd)
        {
            if (reader.Position + 2 > dataEnd)
            {
                throw new DnsFormatException($"NSEC bitmap of {name} is cut short");
            }

            int window = reader.ReadByte();
            int length = reader.ReadByte();
            if (window <= lastWindow || length < 1 || length > 32 || reader.Position + length > dataEnd)
            {
                throw new DnsFormatException($"NSEC bitmap of {name} has a bad window {window} of {length} bytes");
            }

            lastWindow = window;
            for (int i = 0; i < length; i++)
            {
                int bits = reader.ReadByte();
                for (int b = 0; b < 8; b++)
                {
                    if ((bits & (0x80 >> b)) != 0)
                    {
                        types.Add((DnsRecordType)((window << 8) | (i * 8) + b));
                    }
                }
            }
        }

        var result = new DnsRecordType[types.Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = (DnsRecordType)types[i]!;
        }

        return result;
    }

    private sealed class Cursor
    {
        private readonly byte[] _buffer;

        public Cursor(byte[] buffer, int end)
        {
            _buffer = buffer;
            End = end;
            Position = 0;
        }

        public int End { get; }

        public int Position { get; private set; }

        public byte ReadByte()
        {
            Need(1);
            return _buffer[Position++];
        }

        public ushort ReadUInt16()
        {
            Need(2);
            var value = (ushort)((_buffer[Position] << 8) | _buffer[Position + 1]);
            Position += 2;
            return value;
        }

        public uint ReadUInt32()
        {
            uint high = ReadUInt16();
            return (high << 16) | ReadUInt16();
        }

        public byte[] ReadBytes(int count)
        {
            Need(count);
            var bytes = new byte[count];
            Array.Copy(_buffer, Position, bytes, 0, count);
            Position += count;
            return bytes;
        }

        /// <summary>
        /// Reads a possibly compressed name at the current position and moves past it (past the
        /// first pointer, if any).
        /// </summary>
        public DnsName ReadName()
        {
            // At most 127 labels fit in 255 bytes (one byte and a length byte each).
            var labels = new string[DnsLimits.MaxNameLength / 2];
            int count = 0;
            int wire = 1;
            int p = Position;
            int lowest = Position;
            int resume = -1;
            while (true)
            {
                if (p >= End)
                {
                    throw new DnsFormatException($"name at offset {Position} runs past the end of the message");
                }

                int len = _buffer[p];
                if (len == 0)
                {
                    p++;
                    break;
                }

                switch (len & 0xC0)
                {
                    case 0xC0:
                        if (p + 1 >= End)
                        {
                            throw new DnsFormatException($"compression pointer at offset {p} is cut short");
                        }

                        int target = ((len & 0x3F) << 8) | _buffer[p + 1];
                        if (resume < 0)
                        {
                            resume = p + 2;
                        }

                        // Strictly backwards from everything seen for this name: no loops, no forward
                        // references, and at most one jump per earlier byte.
                        if (target >= lowest || target < DnsLimits.HeaderSize)
                        {
                            throw new DnsFormatException($"compression pointer at offset {p} to {target} does not point back to an earlier name");
                        }

                        lowest = target;
                        p = target;
                        continue;

                    case 0x00:
                        if (p + 1 + len > End)
                        {
                            throw new DnsFormatException($"label at offset {p} runs past the end of the message");
                        }

                        wire += len + 1;
                        if (wire > DnsLimits.MaxNameLength)
                        {
                            throw new DnsFormatException($"name at offset {Position} is longer than {DnsLimits.MaxNameLength} bytes");
                        }

                        try
                        {
                            labels[count++] = Utf8.GetString(_buffer, p + 1, len);
                        }
                        catch (FormatException ex)
                        {
                            throw new DnsFormatException($"label at offset {p} is not UTF-8", ex);
                        }

                        p += 1 + len;
                        break;

                    default:
                        throw new DnsFormatException($"label at offset {p} has the reserved type bits 0x{Hex.ToUpper(new byte[] { (byte)(len & 0xC0) })}");
                }
            }

            Position = resume >= 0 ? resume : p;
            var decoded = new string[count];
            Array.Copy(labels, decoded, count);
            return DnsName.FromDecoded(decoded, wire);
        }

        private void Need(int count)
        {
            if (Position + count > End)
            {
                throw new DnsFormatException($"message ends at offset {End}, {count} more bytes needed at {Position}");
            }
        }
    }
}
