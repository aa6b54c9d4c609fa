using System;
using Mash.Protocol.Portable;
using Mash.Protocol.Wire;

namespace Mash.Protocol.Commissioning;

/// <summary>
/// In-session certificate renewal on an operational connection, with the reference's encoding
/// (pkg/commissioning/renewal_messages.go): 30 Request {2 nonce}, 31 CSR {2 CSR DER},
/// 32 Install {2 certificate DER, 3 sequence}, 33 Ack {2 status, 3 active sequence}.
/// </summary>
public sealed class RenewalMessage
{
    public const byte Request = 30;
    public const byte Csr = 31;
    public const byte Install = 32;
    public const byte Ack = 33;

    /// <summary>Creates a message; <paramref name="data"/> null means empty.</summary>
    public RenewalMessage(byte type, byte[]? data = null, uint sequence = 0, RenewalStatus status = 0)
    {
        Type = type;
        Data = data ?? Bytes.Empty;
        Sequence = sequence;
        Status = status;
    }

    public byte Type { get; }

    /// <summary>Nonce (30), CSR (31) or certificate (32).</summary>
    public byte[] Data { get; }

    /// <summary>Sequence (32) or active sequence (33).</summary>
    public uint Sequence { get; }

    public RenewalStatus Status { get; }

    public static RenewalMessage NewRequest(byte[] nonce) => new(Request, data: nonce);

    public static RenewalMessage NewCsr(byte[] csr) => new(Csr, data: csr);

    public static RenewalMessage NewInstall(byte[] certificate, uint sequence) => new(Install, data: certificate, sequence: sequence);

    public static RenewalMessage NewAck(RenewalStatus status, uint activeSequence) => new(Ack, status: status, sequence: activeSequence);

    public byte[] Encode()
    {
        var w = new CborWriter();
        bool hasKey3 = Type is Install or Ack;
        w.WriteStartMap(hasKey3 ? 3 : 2);
        w.WriteInt32(1);
        w.WriteInt32(Type);
        w.WriteInt32(2);
        if (Type == Ack)
        {
            w.WriteInt32((byte)Status);
        }
        else
        {
            w.WriteByteString(Data);
        }

        if (hasKey3)
        {
            w.WriteInt32(3);
            w.WriteUInt32(Sequence);
        }

        w.WriteEndMap();
        return w.Encode();
    }

    public static RenewalMessage Decode(byte[] cbor)
    {
        if (cbor is null)
        {
            throw new ArgumentNullException(nameof(cbor));
        }

        return Decode(cbor, 0, cbor.Length);
    }

    /// <summary>Decodes the <paramref name="count"/> bytes at <paramref name="offset"/>.</summary>
    public static RenewalMessage Decode(byte[] cbor, int offset, int count)
    {
        try
        {
            var r = new CborReader(cbor, offset, count);
            int entries = r.ReadStartMap();
            bool hasType = false;
            byte type = 0;
            byte[]? data = null;
            ulong key2 = 0;
            uint sequence = 0;
            for (int i = 0; entries < 0 || i < entries; i++)
            {
                if (entries < 0 && r.PeekState() == CborReaderState.EndMap)
                {
                    break;
                }

                ulong key = r.PeekState() == CborReaderState.UnsignedInteger ? r.ReadUInt64() : ulong.MaxValue;
                if (key == ulong.MaxValue)
                {
                    r.SkipValue();
                    r.SkipValue();
                    continue;
                }

                CborReaderState state = r.PeekState();
                switch (key)
                {
                    case 1: type = ToByte(r.ReadUInt64()); hasType = true; break;
                    case 2 when state == CborReaderState.ByteString: data = r.ReadByteString(); break;
                    case 2 when state == CborReaderState.UnsignedInteger: key2 = r.ReadUInt64(); break;
                    case 3: sequence = r.ReadUInt32(); break;
                    default: r.SkipValue(); break;
                }
            }

            r.ReadEndMap();
            if (r.BytesRemaining != 0)
            {
                throw new WireFormatException("trailing bytes after the renewal message");
            }

            // Key 3 belongs to Install and Ack only; elsewhere it is ignored like any unknown key,
            // so a decoded message says what its encoding would say (found by fuzzing).
            if (!hasType)
            {
                throw new WireFormatException("not a renewal message (type missing)");
            }

            return type switch
            {
                Request or Csr or Install when data is null => throw new WireFormatException($"renewal message {type} lacks its data (key 2)"),
                Request or Csr => new RenewalMessage(type, data: data),
                Install => new RenewalMessage(Install, data: data, sequence: sequence),
                Ack => new RenewalMessage(Ack, status: (RenewalStatus)ToByte(key2), sequence: sequence),
                _ => throw new WireFormatException($"not a renewal message (type {type})"),
            };
        }
        catch (CborContentException ex)
        {
            throw Malformed(ex);
        }
        catch (InvalidOperationException ex)
        {
            throw Malformed(ex);
        }
        catch (FormatException ex)
        {
            throw Malformed(ex);
        }
    }

    private static WireFormatException Malformed(Exception ex) =>
        new WireFormatException($"malformed renewal message: {ex.Message}", ex);

    private static byte ToByte(ulong value) =>
        value <= byte.MaxValue ? (byte)value : throw new CborContentException("Value " + value + " does not fit in a byte.");
}
