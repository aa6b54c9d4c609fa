using System;
using System.Formats.Cbor;
using System.Globalization;

namespace Mash.Protocol.Wire;

/// <summary>
/// Encodes and decodes the integer-keyed envelope. Encoding writes keys 1..5 in order with
/// unsigned integers and definite lengths; decoding ignores unknown keys and reports every
/// problem as <see cref="WireFormatException"/>.
/// </summary>
public static class MessageCodec
{
    /// <summary>Encodes a request.</summary>
    public static byte[] Encode(Request request)
    {
        CborWriter writer = CborValueEncoder.CreateWriter();
        Write(writer, request);
        return writer.Encode();
    }

    /// <summary>Encodes a response; key 3 is always a map.</summary>
    public static byte[] Encode(Response response)
    {
        CborWriter writer = CborValueEncoder.CreateWriter();
        Write(writer, response);
        return writer.Encode();
    }

    /// <summary>Encodes a notification.</summary>
    public static byte[] Encode(Notification notification)
    {
        CborWriter writer = CborValueEncoder.CreateWriter();
        Write(writer, notification);
        return writer.Encode();
    }

    /// <summary>Writes a request into a reusable Lax writer.</summary>
    public static void Write(CborWriter writer, Request request)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(request);
        writer.WriteStartMap(request.Payload is null ? 4 : 5);
        WriteField(writer, 1, request.MessageId);
        WriteField(writer, 2, (ulong)request.Operation);
        WriteField(writer, 3, request.EndpointId);
        WriteField(writer, 4, request.FeatureId);
        if (request.Payload is not null)
        {
            writer.WriteUInt32(5);
            CborValueEncoder.Write(writer, request.Payload);
        }

        writer.WriteEndMap();
    }

    /// <summary>Writes a response into a reusable Lax writer.</summary>
    public static void Write(CborWriter writer, Response response)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(response);
        writer.WriteStartMap(3);
        WriteField(writer, 1, response.MessageId);
        WriteField(writer, 2, (ulong)response.Status);
        writer.WriteUInt32(3);
        CborValueEncoder.WriteMap(writer, response.Payload);
        writer.WriteEndMap();
    }

    /// <summary>Writes a notification into a reusable Lax writer.</summary>
    public static void Write(CborWriter writer, Notification notification)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(notification);
        WriteNotification(writer, notification.SubscriptionId, notification.EndpointId, notification.FeatureId, notification.Changes);
    }

    internal static void WriteNotification(CborWriter writer, uint subscriptionId, byte endpointId, byte featureId, CborMap changes)
    {
        writer.WriteStartMap(5);
        WriteField(writer, 1, 0);
        WriteField(writer, 2, subscriptionId);
        WriteField(writer, 3, endpointId);
        WriteField(writer, 4, featureId);
        writer.WriteUInt32(5);
        CborValueEncoder.WriteMap(writer, changes);
        writer.WriteEndMap();
    }

    /// <summary>Decodes a request.</summary>
    /// <exception cref="WireFormatException">
    /// Malformed CBOR, or a missing or out-of-range field; <see cref="WireFormatException.MessageId"/>
    /// is set whenever key 1 could be read, so the device can answer with an error status.
    /// </exception>
    public static Request DecodeRequest(ReadOnlyMemory<byte> cbor)
    {
        CborMap map;
        try
        {
            map = DecodeMap(cbor, "request");
        }
        catch (WireFormatException ex) when (ex.MessageId == 0 && PeekMessageId(cbor.Span) is uint id and not 0)
        {
            // The frame is well-formed CBOR but breaks a decoding rule (a duplicate key): key 1
            // still says whom to answer.
            throw new WireFormatException(ex.Message, id);
        }

        uint messageId = RequireUInt32(map, 1, "messageId", 0);
        if (messageId == 0)
        {
            throw new WireFormatException("A request's messageId (key 1) must not be 0.");
        }

        ulong operation = RequireUInt(map, 2, "operation", byte.MaxValue, messageId);
        if (operation is < 1 or > 4)
        {
            throw new WireFormatException(
                string.Format(CultureInfo.InvariantCulture, "Unknown operation {0} (key 2).", operation), messageId);
        }

        byte endpointId = (byte)RequireUInt(map, 3, "endpointId", byte.MaxValue, messageId);
        byte featureId = (byte)RequireUInt(map, 4, "featureId", byte.MaxValue, messageId);
        map.TryGetValue(5, out CborValue? payload);
        return new Request(messageId, (Operation)operation, endpointId, featureId, payload);
    }

    /// <summary>Decodes a response. A missing or null key 3 reads as an empty map.</summary>
    /// <exception cref="WireFormatException">Malformed CBOR, a missing field, or a non-map key 3.</exception>
    public static Response DecodeResponse(ReadOnlyMemory<byte> cbor)
    {
        CborMap map = DecodeMap(cbor, "response");
        uint messageId = RequireUInt32(map, 1, "messageId", 0);
        var status = (StatusCode)RequireUInt(map, 2, "status", byte.MaxValue, messageId);
        return new Response(messageId, status, OptionalMap(map, 3, "payload", messageId));
    }

    /// <summary>Decodes a notification. A missing or null key 5 reads as an empty map.</summary>
    /// <exception cref="WireFormatException">Malformed CBOR, key 1 not 0, or a missing field.</exception>
    public static Notification DecodeNotification(ReadOnlyMemory<byte> cbor)
    {
        CborMap map = DecodeMap(cbor, "notification");
        if (RequireUInt32(map, 1, "messageId", 0) != 0)
        {
            throw new WireFormatException("A notification's messageId (key 1) must be 0.");
        }

        uint subscriptionId = RequireUInt32(map, 2, "subscriptionId", 0);
        byte endpointId = (byte)RequireUInt(map, 3, "endpointId", byte.MaxValue, 0);
        byte featureId = (byte)RequireUInt(map, 4, "featureId", byte.MaxValue, 0);
        return new Notification(subscriptionId, endpointId, featureId, OptionalMap(map, 5, "changes", 0) ?? new CborMap(0));
    }

    /// <summary>Key 1 of a well-formed map, without decoding the rest; null when there is none.</summary>
    private static uint? PeekMessageId(ReadOnlySpan<byte> cbor)
    {
        EnvelopeScan scan = EnvelopeScan.Scan(cbor);
        return scan.WellFormed && scan.IsMap && scan.Key1.IsUnsigned(uint.MaxValue) ? (uint)scan.Key1.Value : null;
    }

    private static void WriteField(CborWriter writer, uint key, ulong value)
    {
        writer.WriteUInt32(key);
        writer.WriteUInt64(value);
    }

    private static CborMap DecodeMap(ReadOnlyMemory<byte> cbor, string what)
    {
        CborValue value = CborValue.Decode(cbor);
        if (value.Kind != CborValueKind.Map)
        {
            throw new WireFormatException("A " + what + " must be a CBOR map.");
        }

        return value.AsMap();
    }

    private static uint RequireUInt32(CborMap map, long key, string name, uint messageId) =>
        (uint)RequireUInt(map, key, name, uint.MaxValue, messageId);

    private static ulong RequireUInt(CborMap map, long key, string name, ulong max, uint messageId)
    {
        if (!map.TryGetValue(key, out CborValue? value))
        {
            throw new WireFormatException(
                string.Format(CultureInfo.InvariantCulture, "Missing required field {0} (key {1}).", name, key), messageId);
        }

        if (!value.TryGetUInt64(out ulong number) || number > max)
        {
            throw new WireFormatException(
                string.Format(CultureInfo.InvariantCulture, "Field {0} (key {1}) must be an unsigned integer up to {2}, not {3}.", name, key, max, value),
                messageId);
        }

        return number;
    }

    private static CborMap? OptionalMap(CborMap map, long key, string name, uint messageId)
    {
        if (!map.TryGetValue(key, out CborValue? value) || value.IsNull)
        {
            return null;
        }

        if (value.Kind != CborValueKind.Map)
        {
            throw new WireFormatException(
                string.Format(CultureInfo.InvariantCulture, "Field {0} (key {1}) must be a map, not {2}.", name, key, value), messageId);
        }

        return value.AsMap();
    }
}
