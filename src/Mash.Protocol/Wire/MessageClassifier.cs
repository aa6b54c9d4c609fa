using System;

namespace Mash.Protocol.Wire;

/// <summary>
/// Tells what a frame is without decoding it into objects (no allocation).
/// </summary>
/// <remarks>
/// The frame must be exactly one well-formed CBOR map within <see cref="CborDecodeLimits.Default"/>
/// (tags are stepped over, duplicate keys: last wins here, unknown keys ignored; the decoders
/// then refuse a frame with a duplicate key, message-framing.md 3.4); anything else is
/// Malformed. Then the first matching rule decides:
/// <list type="number">
/// <item>Text key "type" present: Control if its value is "ping", "pong", "close" or "close_ack"
/// (the [63] string-key form), else Malformed.</item>
/// <item>Key 1 absent, not an unsigned integer, or above 2^32-1: Malformed.</item>
/// <item>Key 1 = 0: Notification.</item>
/// <item>Key 2 is a byte string: Pase if key 1 is 1-4, 10-13, 20 or 255; Renewal if 30-33;
/// else Malformed. (PASE and renewal messages carry a public share, confirmation, nonce, CSR
/// or certificate there; no envelope message does.)</item>
/// <item>Key 3 is a map and key 4 absent: Response. (A response has no key 4 and a request
/// always carries it, so a request whose endpoint is a map is still a request and gets an error
/// answer rather than silence.)</item>
/// <item>Key 4 absent, key 1 = 33, key 2 unsigned: Renewal (acknowledgement {1:33, 2:status,
/// 3:sequence}; status 1-3 would otherwise pass for an operation, and a request always carries
/// key 4). Like the reference controller, this takes a map-less reply {1:33, 2:0} for a renewal
/// ack.</item>
/// <item>Key 2 is 1-4 and key 3 is an unsigned integer or key 4 is present: Request (the
/// request decoder then reports missing or out-of-range fields together with the id).</item>
/// <item>Keys 3 and 4 absent, key 1 is 1-3, key 2 absent or unsigned: Control ({1 type, 2 seq}).</item>
/// <item>Key 4 absent, key 1 is 13, 20 or 255, key 2 absent or unsigned, key 3 absent or
/// text: Pase (install response, commissioning complete, commissioning error).</item>
/// <item>Key 4 absent, key 2 unsigned, key 3 absent or null: Response from a peer that omits
/// the payload.</item>
/// <item>Anything else: Malformed.</item>
/// </list>
/// Which kinds are acceptable depends on the connection: a commissioning connection expects
/// Pase; an operational one expects Request, Control, Renewal (and Response for requests the
/// device itself sent). Rules 7 and 9 are why our own responses always carry a map at key 3.
/// </remarks>
public static class MessageClassifier
{
    /// <summary>Classifies one frame payload.</summary>
    public static MessageKind Classify(byte[] cbor)
    {
        if (cbor is null)
        {
            throw new ArgumentNullException(nameof(cbor));
        }

        return Classify(cbor, 0, cbor.Length);
    }

    /// <summary>Classifies the frame payload of <paramref name="count"/> bytes at <paramref name="offset"/>.</summary>
    public static MessageKind Classify(byte[] cbor, int offset, int count)
    {
        if (cbor is null)
        {
            throw new ArgumentNullException(nameof(cbor));
        }

        EnvelopeScan scan = EnvelopeScan.Scan(cbor, offset, count);
        if (!scan.WellFormed || !scan.IsMap)
        {
            return MessageKind.Malformed;
        }

        if (scan.TextType.IsPresent)
        {
            return ControlCodec.ParseTextType(scan, scan.TextType) != 0 ? MessageKind.Control : MessageKind.Malformed;
        }

        if (!scan.Key1.IsUnsigned(uint.MaxValue))
        {
            return MessageKind.Malformed;
        }

        ulong key1 = scan.Key1.Value;
        FieldInfo key2 = scan.Key2;
        FieldInfo key3 = scan.Key3;
        bool hasKey4 = scan.Key4.IsPresent;
        bool key2Unsigned = key2.Kind == FieldKind.Unsigned;

        if (key1 == 0)
        {
            return MessageKind.Notification;
        }

        if (key2.Kind == FieldKind.Bytes)
        {
            return IsPaseType(key1) ? MessageKind.Pase : IsRenewalType(key1) ? MessageKind.Renewal : MessageKind.Malformed;
        }

        if (key3.Kind == FieldKind.Map && !hasKey4)
        {
            return MessageKind.Response;
        }

        if (key1 == 33 && key2Unsigned && !hasKey4)
        {
            return MessageKind.Renewal;
        }

        if (key2Unsigned && key2.Value is >= 1 and <= 4 && (key3.Kind == FieldKind.Unsigned || hasKey4))
        {
            return MessageKind.Request;
        }

        if (hasKey4)
        {
            return MessageKind.Malformed;
        }

        if (!key3.IsPresent && key1 is >= 1 and <= 3 && (!key2.IsPresent || key2.IsUnsigned(uint.MaxValue)))
        {
            return MessageKind.Control;
        }

        if (key1 is 13 or 20 or 255 && (!key2.IsPresent || key2Unsigned) && key3.Kind is FieldKind.Absent or FieldKind.Text)
        {
            return MessageKind.Pase;
        }

        if (key2Unsigned && key3.Kind is FieldKind.Absent or FieldKind.Null)
        {
            return MessageKind.Response;
        }

        return MessageKind.Malformed;
    }

    /// <summary>Commissioning message types 1-4, 10-13, 20 and 255.</summary>
    public static bool IsPaseType(ulong type) => type is (>= 1 and <= 4) or (>= 10 and <= 13) or 20 or 255;

    /// <summary>Certificate renewal message types 30-33.</summary>
    public static bool IsRenewalType(ulong type) => type is >= 30 and <= 33;
}
