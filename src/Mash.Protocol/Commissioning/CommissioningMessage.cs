using System;
using System.Formats.Cbor;
using Mash.Protocol.Wire;

namespace Mash.Protocol.Commissioning;

/// <summary>
/// One commissioning message: an integer-keyed CBOR map whose key 1 is the type. Fields use the
/// reference's keys (pkg/commissioning/messages.go); which of them a type carries:
/// PaseRequest {2 pA, 3 identity (bstr)}, PaseResponse {2 pB}, PaseConfirm {2 cA},
/// PaseComplete {2 cB, 3 error}, CsrRequest {2 nonce}, CsrResponse {2 CSR DER, 3 error},
/// CertInstall {2 operational cert DER, 3 Zone CA DER, 4 zone type, 5 priority},
/// CertInstallResponse {2 error}, CommissioningComplete {}, Error {2 code, 3 text}.
/// </summary>
public sealed record CommissioningMessage
{
    public required CommissioningMessageType Type { get; init; }

    /// <summary>Key 2 when it is a byte string: pA, pB, cA, cB, nonce, CSR or operational certificate.</summary>
    public byte[]? Data { get; init; }

    /// <summary>Key 3 when it is a byte string: the client identity (PaseRequest) or the Zone CA (CertInstall).</summary>
    public byte[]? Data2 { get; init; }

    public CommissioningErrorCode ErrorCode { get; init; }

    /// <summary>Key 4 of CertInstall.</summary>
    public byte ZoneType { get; init; }

    /// <summary>Key 5 of CertInstall.</summary>
    public byte ZonePriority { get; init; }

    /// <summary>Key 3 of Error.</summary>
    public string? Text { get; init; }

    public static CommissioningMessage PaseRequest(byte[] pA, string identity) =>
        new() { Type = CommissioningMessageType.PaseRequest, Data = pA, Data2 = System.Text.Encoding.ASCII.GetBytes(identity) };

    public static CommissioningMessage PaseResponse(byte[] pB) => new() { Type = CommissioningMessageType.PaseResponse, Data = pB };

    public static CommissioningMessage PaseConfirm(byte[] cA) => new() { Type = CommissioningMessageType.PaseConfirm, Data = cA };

    public static CommissioningMessage PaseComplete(byte[] cB, CommissioningErrorCode error) =>
        new() { Type = CommissioningMessageType.PaseComplete, Data = cB, ErrorCode = error };

    public static CommissioningMessage CsrRequest(byte[] nonce) => new() { Type = CommissioningMessageType.CsrRequest, Data = nonce };

    public static CommissioningMessage CsrResponse(byte[]? csr, CommissioningErrorCode error) =>
        new() { Type = CommissioningMessageType.CsrResponse, Data = csr ?? [], ErrorCode = error };

    public static CommissioningMessage CertInstall(byte[] operationalCertificate, byte[] zoneCa, byte zoneType, byte priority) =>
        new() { Type = CommissioningMessageType.CertInstall, Data = operationalCertificate, Data2 = zoneCa, ZoneType = zoneType, ZonePriority = priority };

    public static CommissioningMessage CertInstallResponse(CommissioningErrorCode error) =>
        new() { Type = CommissioningMessageType.CertInstallResponse, ErrorCode = error };

    public static CommissioningMessage Complete() => new() { Type = CommissioningMessageType.CommissioningComplete };

    public static CommissioningMessage Error(CommissioningErrorCode code, string text) =>
        new() { Type = CommissioningMessageType.Error, ErrorCode = code, Text = text };

    /// <summary>Encodes with keys in ascending order and definite lengths, as the reference does.</summary>
    public byte[] Encode()
    {
        var w = new CborWriter(CborConformanceMode.Canonical);
        switch (Type)
        {
            case CommissioningMessageType.PaseRequest:
                Begin(w, 3);
                Bytes(w, 2, Data);
                Bytes(w, 3, Data2);
                break;
            case CommissioningMessageType.PaseResponse:
            case CommissioningMessageType.PaseConfirm:
            case CommissioningMessageType.CsrRequest:
                Begin(w, 2);
                Bytes(w, 2, Data);
                break;
            case CommissioningMessageType.PaseComplete:
            case CommissioningMessageType.CsrResponse:
                Begin(w, 3);
                Bytes(w, 2, Data);
                Int(w, 3, (byte)ErrorCode);
                break;
            case CommissioningMessageType.CertInstall:
                Begin(w, 5);
                Bytes(w, 2, Data);
                Bytes(w, 3, Data2);
                Int(w, 4, ZoneType);
                Int(w, 5, ZonePriority);
                break;
            case CommissioningMessageType.CertInstallResponse:
                Begin(w, 2);
                Int(w, 2, (byte)ErrorCode);
                break;
            case CommissioningMessageType.CommissioningComplete:
                Begin(w, 1);
                break;
            case CommissioningMessageType.Error:
                Begin(w, Text is null ? 2 : 3);
                Int(w, 2, (byte)ErrorCode);
                if (Text is not null)
                {
                    w.WriteInt32(3);
                    w.WriteTextString(Text);
                }

                break;
            default:
                throw new InvalidOperationException($"unknown commissioning message type {Type}");
        }

        w.WriteEndMap();
        return w.Encode();

        void Begin(CborWriter writer, int count)
        {
            writer.WriteStartMap(count);
            writer.WriteInt32(1);
            writer.WriteInt32((byte)Type);
        }
    }

    /// <summary>
    /// Decodes leniently (unknown keys ignored, like the reference) but checks that the fields the
    /// type needs are present with the right CBOR types; anything else is a <see cref="WireFormatException"/>.
    /// </summary>
    public static CommissioningMessage Decode(ReadOnlyMemory<byte> cbor)
    {
        try
        {
            var r = new CborReader(cbor, CborConformanceMode.Lax, allowMultipleRootLevelValues: false);
            int? count = r.ReadStartMap();
            CommissioningMessageType? type = null;
            byte[]? data = null;
            byte[]? data2 = null;
            ulong key3Int = 0;
            ulong key2Int = 0;
            ulong zoneType = 0;
            ulong priority = 0;
            string? text = null;
            for (int i = 0; count is null || i < count; i++)
            {
                if (count is null && r.PeekState() == CborReaderState.EndMap)
                {
                    break;
                }

                if (r.PeekState() != CborReaderState.UnsignedInteger)
                {
                    r.SkipValue();
                    r.SkipValue();
                    continue;
                }

                ulong key = r.ReadUInt64();
                CborReaderState state = r.PeekState();
                switch (key)
                {
                    case 1 when state == CborReaderState.UnsignedInteger:
                        type = (CommissioningMessageType)checked((byte)r.ReadUInt64());
                        break;
                    case 2 when state == CborReaderState.ByteString:
                        data = r.ReadByteString();
                        break;
                    case 2 when state == CborReaderState.UnsignedInteger:
                        key2Int = r.ReadUInt64();
                        break;
                    case 3 when state == CborReaderState.ByteString:
                        data2 = r.ReadByteString();
                        break;
                    case 3 when state == CborReaderState.UnsignedInteger:
                        key3Int = r.ReadUInt64();
                        break;
                    case 3 when state == CborReaderState.TextString:
                        text = r.ReadTextString();
                        break;
                    case 4 when state == CborReaderState.UnsignedInteger:
                        zoneType = r.ReadUInt64();
                        break;
                    case 5 when state == CborReaderState.UnsignedInteger:
                        priority = r.ReadUInt64();
                        break;
                    default:
                        r.SkipValue();
                        break;
                }
            }

            r.ReadEndMap();
            if (r.BytesRemaining != 0)
            {
                throw new WireFormatException("trailing bytes after the commissioning message");
            }

            return Build(type ?? throw new WireFormatException("commissioning message without a type (key 1)"), data, data2, key2Int, key3Int, zoneType, priority, text);
        }
        catch (Exception ex) when (ex is CborContentException or InvalidOperationException or OverflowException or FormatException)
        {
            throw new WireFormatException($"malformed commissioning message: {ex.Message}", ex);
        }
    }

    private static CommissioningMessage Build(CommissioningMessageType type, byte[]? data, byte[]? data2, ulong key2Int, ulong key3Int, ulong zoneType, ulong priority, string? text)
    {
        byte[] Need(byte[]? field, string name) => field ?? throw new WireFormatException($"{type} lacks {name}");
        return type switch
        {
            CommissioningMessageType.PaseRequest => new() { Type = type, Data = Need(data, "pA (key 2)"), Data2 = data2 },
            CommissioningMessageType.PaseResponse or CommissioningMessageType.PaseConfirm or CommissioningMessageType.CsrRequest
                => new() { Type = type, Data = Need(data, "key 2") },
            CommissioningMessageType.PaseComplete or CommissioningMessageType.CsrResponse
                => new() { Type = type, Data = data ?? [], ErrorCode = (CommissioningErrorCode)checked((byte)key3Int) },
            CommissioningMessageType.CertInstall => new()
            {
                Type = type,
                Data = Need(data, "the operational certificate (key 2)"),
                Data2 = Need(data2, "the Zone CA certificate (key 3)"),
                ZoneType = checked((byte)zoneType),
                ZonePriority = checked((byte)priority),
            },
            CommissioningMessageType.CertInstallResponse => new() { Type = type, ErrorCode = (CommissioningErrorCode)checked((byte)key2Int) },
            CommissioningMessageType.CommissioningComplete => new() { Type = type },
            CommissioningMessageType.Error => new() { Type = type, ErrorCode = (CommissioningErrorCode)checked((byte)key2Int), Text = text },
            _ => throw new WireFormatException($"unknown commissioning message type {(byte)type}"),
        };
    }

    private static void Bytes(CborWriter w, int key, byte[]? value)
    {
        w.WriteInt32(key);
        w.WriteByteString(value ?? []);
    }

    private static void Int(CborWriter w, int key, byte value)
    {
        w.WriteInt32(key);
        w.WriteInt32(value);
    }

    public override string ToString() => $"{Type}";
}
