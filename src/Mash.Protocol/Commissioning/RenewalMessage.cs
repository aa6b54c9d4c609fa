using System;
using System.Formats.Cbor;
using Mash.Protocol.Wire;

namespace Mash.Protocol.Commissioning;

/// <summary>
/// In-session certificate renewal on an operational connection, with the reference's encoding
/// (pkg/commissioning/renewal_messages.go): 30 Request {2 nonce}, 31 CSR {2 CSR DER},
/// 32 Install {2 certificate DER, 3 sequence}, 33 Ack {2 status, 3 active sequence}.
/// </summary>
public sealed record RenewalMessage
{
    public const byte Request = 30;
    public const byte Csr = 31;
    public const byte Install = 32;
    public const byte Ack = 33;

    public required byte Type { get; init; }

    /// <summary>Nonce (30), CSR (31) or certificate (32).</summary>
    public byte[] Data { get; init; } = [];

    /// <summary>Sequence (32) or active sequence (33).</summary>
    public uint Sequence { get; init; }

    public RenewalStatus Status { get; init; }

    public static RenewalMessage NewRequest(byte[] nonce) => new() { Type = Request, Data = nonce };

    public static RenewalMessage NewCsr(byte[] csr) => new() { Type = Csr, Data = csr };

    public static RenewalMessage NewInstall(byte[] certificate, uint sequence) => new() { Type = Install, Data = certificate, Sequence = sequence };

    public static RenewalMessage NewAck(RenewalStatus status, uint activeSequence) => new() { Type = Ack, Status = status, Sequence = activeSequence };

    public byte[] Encode()
    {
        var w = new CborWriter(CborConformanceMode.Canonical);
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

    public static RenewalMessage Decode(ReadOnlyMemory<byte> cbor)
    {
        try
        {
            var r = new CborReader(cbor, CborConformanceMode.Lax);
            int? count = r.ReadStartMap();
            byte? type = null;
            byte[]? data = null;
            ulong key2 = 0;
            uint sequence = 0;
            for (int i = 0; count is null || i < count; i++)
            {
                if (count is null && r.PeekState() == CborReaderState.EndMap)
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
                    case 1: type = checked((byte)r.ReadUInt64()); break;
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
            return type switch
            {
                Request or Csr or Install when data is null => throw new WireFormatException($"renewal message {type} lacks its data (key 2)"),
                Request or Csr => new RenewalMessage { Type = type.Value, Data = data! },
                Install => new RenewalMessage { Type = Install, Data = data!, Sequence = sequence },
                Ack => new RenewalMessage { Type = Ack, Status = (RenewalStatus)checked((byte)key2), Sequence = sequence },
                _ => throw new WireFormatException($"not a renewal message (type {type?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "missing"})"),
            };
        }
        catch (Exception ex) when (ex is CborContentException or InvalidOperationException or OverflowException or FormatException)
        {
            throw new WireFormatException($"malformed renewal message: {ex.Message}", ex);
        }
    }
}
