using System;
using Mash.Protocol.Portable;
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
public sealed class CommissioningMessage
{
    /// <summary>Creates a message; which fields a type carries is listed on the class.</summary>
    public CommissioningMessage(
        CommissioningMessageType type,
        byte[]? data = null,
        byte[]? data2 = null,
        CommissioningErrorCode errorCode = CommissioningErrorCode.Success,
        byte zoneType = 0,
        byte zonePriority = 0,
        string? text = null)
    {
        Type = type;
        Data = data;
        Data2 = data2;
        ErrorCode = errorCode;
        ZoneType = zoneType;
        ZonePriority = zonePriority;
        Text = text;
    }

    public CommissioningMessageType Type { get; }

    /// <summary>Key 2 when it is a byte string: pA, pB, cA, cB, nonce, CSR or operational certificate.</summary>
    public byte[]? Data { get; }

    /// <summary>Key 3 when it is a byte string: the client identity (PaseRequest) or the Zone CA (CertInstall).</summary>
    public byte[]? Data2 { get; }

    public CommissioningErrorCode ErrorCode { get; }

    /// <summary>Key 4 of CertInstall.</summary>
    public byte ZoneType { get; }

    /// <summary>Key 5 of CertInstall.</summary>
    public byte ZonePriority { get; }

    /// <summary>Key 3 of Error.</summary>
    public string? Text { get; }

    public static CommissioningMessage PaseRequest(byte[] pA, string identity) =>
        new(CommissioningMessageType.PaseRequest, data: pA, data2: AsciiBytes(identity));

    public static CommissioningMessage PaseResponse(byte[] pB) => new(CommissioningMessageType.PaseResponse, data: pB);

    public static CommissioningMessage PaseConfirm(byte[] cA) => new(CommissioningMessageType.PaseConfirm, data: cA);

    public static CommissioningMessage PaseComplete(byte[] cB, CommissioningErrorCode error) =>
        new(CommissioningMessageType.PaseComplete, data: cB, errorCode: error);

    public static CommissioningMessage CsrRequest(byte[] nonce) => new(CommissioningMessageType.CsrRequest, data: nonce);

    public static CommissioningMessage CsrResponse(byte[]? csr, CommissioningErrorCode error) =>
        new(CommissioningMessageType.CsrResponse, data: csr ?? Bytes.Empty, errorCode: error);

    public static CommissioningMessage CertInstall(byte[] operationalCertificate, byte[] zoneCa, byte zoneType, byte priority) =>
        new(CommissioningMessageType.CertInstall, data: operationalCertificate, data2: zoneCa, zoneType: zoneType, zonePriority: priority);

    public static CommissioningMessage CertInstallResponse(CommissioningErrorCode error) =>
        new(CommissioningMessageType.CertInstallResponse, errorCode: error);

    public static CommissioningMessage Complete() => new(CommissioningMessageType.CommissioningComplete);

    public static CommissioningMessage Error(CommissioningErrorCode code, string text) =>
        new(CommissioningMessageType.Error, errorCode: code, text: text);

    /// <summary>Encodes with keys in ascending order and definite lengths, as the reference does.</summary>
    public byte[] Encode()
    {
        var w = new CborWriter();
        switch (Type)
        {
            case CommissioningMessageType.PaseRequest:
                Begin(w, 3);
                WriteBytes(w, 2, Data);
                WriteBytes(w, 3, Data2);
                break;
            case CommissioningMessageType.PaseResponse:
            case CommissioningMessageType.PaseConfirm:
            case CommissioningMessageType.CsrRequest:
                Begin(w, 2);
                WriteBytes(w, 2, Data);
                break;
            case CommissioningMessageType.PaseComplete:
            case CommissioningMessageType.CsrResponse:
                Begin(w, 3);
                WriteBytes(w, 2, Data);
                Int(w, 3, (byte)ErrorCode);
                break;
            case CommissioningMessageType.CertInstall:
                Begin(w, 5);
                WriteBytes(w, 2, Data);
                WriteBytes(w, 3, Data2);
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
    public static CommissioningMessage Decode(byte[] cbor)
    {
        if (cbor is null)
        {
            throw new ArgumentNullException(nameof(cbor));
        }

        return Decode(cbor, 0, cbor.Length);
    }

    /// <summary>Decodes the <paramref name="count"/> bytes at <paramref name="offset"/> (see <see cref="Decode(byte[])"/>).</summary>
    public static CommissioningMessage Decode(byte[] cbor, int offset, int count)
    {
        try
        {
            var r = new CborReader(cbor, offset, count);
            int entries = r.ReadStartMap();
            bool hasType = false;
            CommissioningMessageType type = 0;
            byte[]? data = null;
            byte[]? data2 = null;
            ulong key3Int = 0;
            ulong key2Int = 0;
            ulong zoneType = 0;
            ulong priority = 0;
            string? text = null;
            for (int i = 0; entries < 0 || i < entries; i++)
            {
                if (entries < 0 && r.PeekState() == CborReaderState.EndMap)
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
                        type = (CommissioningMessageType)ToByte(r.ReadUInt64());
                        hasType = true;
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

            if (!hasType)
            {
                throw new WireFormatException("commissioning message without a type (key 1)");
            }

            return Build(type, data, data2, key2Int, key3Int, zoneType, priority, text);
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
        new WireFormatException($"malformed commissioning message: {ex.Message}", ex);

    /// <summary>A byte-sized field; larger values are malformed (the reference decodes into uint8).</summary>
    private static byte ToByte(ulong value) =>
        value <= byte.MaxValue ? (byte)value : throw new CborContentException("Value " + value + " does not fit in a byte.");

    /// <summary>ASCII bytes of <paramref name="text"/>; anything else becomes '?', as ASCII encoding did.</summary>
    private static byte[] AsciiBytes(string text)
    {
        byte[] bytes = new byte[text.Length];
        for (int i = 0; i < text.Length; i++)
        {
            bytes[i] = text[i] < 0x80 ? (byte)text[i] : (byte)'?';
        }

        return bytes;
    }

    private static CommissioningMessage Build(CommissioningMessageType type, byte[]? data, byte[]? data2, ulong key2Int, ulong key3Int, ulong zoneType, ulong priority, string? text)
    {
        return type switch
        {
            CommissioningMessageType.PaseRequest => new(type, data: Need(type, data, "pA (key 2)"), data2: data2),
            CommissioningMessageType.PaseResponse or CommissioningMessageType.PaseConfirm or CommissioningMessageType.CsrRequest
                => new(type, data: Need(type, data, "key 2")),
            CommissioningMessageType.PaseComplete or CommissioningMessageType.CsrResponse
                => new(type, data: data ?? Bytes.Empty, errorCode: (CommissioningErrorCode)ToByte(key3Int)),
            CommissioningMessageType.CertInstall => new(
                type,
                data: Need(type, data, "the operational certificate (key 2)"),
                data2: Need(type, data2, "the Zone CA certificate (key 3)"),
                zoneType: ToByte(zoneType),
                zonePriority: ToByte(priority)),
            CommissioningMessageType.CertInstallResponse => new(type, errorCode: (CommissioningErrorCode)ToByte(key2Int)),
            CommissioningMessageType.CommissioningComplete => new(type),
            CommissioningMessageType.Error => new(type, errorCode: (CommissioningErrorCode)ToByte(key2Int), text: text),
            _ => throw new WireFormatException($"unknown commissioning message type {(byte)type}"),
        };
    }

    private static byte[] Need(CommissioningMessageType type, byte[]? field, string name)
    {
        if (field is null)
        {
            throw new WireFormatException($"{type} lacks {name}");
        }

        return field;
    }

    private static void WriteBytes(CborWriter w, int key, byte[]? value)
    {
        w.WriteInt32(key);
        w.WriteByteString(value ?? Bytes.Empty);
    }

    private static void Int(CborWriter w, int key, byte value)
    {
        w.WriteInt32(key);
        w.WriteInt32(value);
    }

    public override string ToString() => $"{Type}";
}
