using System;

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

    /// <summary>Writes a request into a reusable writer.</summary>
    public static void Write(CborWriter writer, Request request)
    {
        CheckNotNull(writer, nameof(writer));
        CheckNotNull(request, nameof(request));
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

    /// <summary>Writes a response into a reusable writer.</summary>
    public static void Write(CborWriter writer, Response response)
    {
        CheckNotNull(writer, nameof(writer));
        CheckNotNull(response, nameof(response));
        writer.WriteStartMap(3);
        WriteField(writer, 1, response.MessageId);
        WriteField(writer, 2, (ulong)response.Status);
        writer.WriteUInt32(3);
        CborValueEncoder.WriteMap(writer, response.Payload);
        writer.WriteEndMap();
    }

    /// <summary>Writes a notification into a reusable writer.</summary>
    public static void Write(CborWriter writer, Notification notification)
    {
        CheckNotNull(writer, nameof(writer));
        CheckNotNull(notification, nameof(notification));
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
    public static Request DecodeRequest(byte[] cbor)
    {
        CheckNotNull(cbor, nameof(cbor));
        return DecodeRequest(cbor, 0, cbor.Length);
    }

    /// <summary>Decodes a request from <paramref name="count"/> bytes at <paramref name="offset"/> (see <see cref="DecodeRequest(byte[])"/>).</summary>
    /// <exception cref="WireFormatException">Malformed CBOR, or a missing or out-of-range field.</exception>
    public static Request DecodeRequest(byte[] cbor, int offset, int count)
    {
        CheckNotNull(cbor, nameof(cbor));
        CborMap map;
        try
        {
            map = DecodeMap(cbor, offset, count, "request");
        }
        catch (WireFormatException ex)
        {
            // The frame is well-formed CBOR but breaks a decoding rule (a duplicate key): key 1
            // still says whom to answer. (No exception filter: nanoFramework does not run them.)
            if (ex.MessageId == 0 && TryPeekMessageId(cbor, offset, count, out uint id) && id != 0)
            {
                throw new WireFormatException(ex.Message, id);
            }

            throw;
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
                "Unknown operation " + operation + " (key 2).", messageId);
        }

        byte endpointId = (byte)RequireUInt(map, 3, "endpointId", byte.MaxValue, messageId);
        byte featureId = (byte)RequireUInt(map, 4, "featureId", byte.MaxValue, messageId);
        map.TryGetValue(5, out CborValue? payload);
        return new Request(messageId, (Operation)operation, endpointId, featureId, payload);
    }

    /// <summary>Decodes a response. A missing or null key 3 reads as an empty map.</summary>
    /// <exception cref="WireFormatException">Malformed CBOR, a missing field, or a non-map key 3.</exception>
    public static Response DecodeResponse(byte[] cbor)
    {
        CheckNotNull(cbor, nameof(cbor));
        return DecodeResponse(cbor, 0, cbor.Length);
    }

    /// <summary>Decodes a response from <paramref name="count"/> bytes at <paramref name="offset"/>.</summary>
    /// <exception cref="WireFormatException">Malformed CBOR, a missing field, or a non-map key 3.</exception>
    public static Response DecodeResponse(byte[] cbor, int offset, int count)
    {
        CheckNotNull(cbor, nameof(cbor));
        CborMap map = DecodeMap(cbor, offset, count, "response");
        uint messageId = RequireUInt32(map, 1, "messageId", 0);
        var status = (StatusCode)RequireUInt(map, 2, "status", byte.MaxValue, messageId);
        return new Response(messageId, status, OptionalMap(map, 3, "payload", messageId));
    }

    /// <summary>Decodes a notification. A missing or null key 5 reads as an empty map.</summary>
    /// <exception cref="WireFormatException">Malformed CBOR, key 1 not 0, or a missing field.</exception>
    public static Notification DecodeNotification(byte[] cbor)
    {
        CheckNotNull(cbor, nameof(cbor));
        return DecodeNotification(cbor, 0, cbor.Length);
    }

    /// <summary>Decodes a notification from <paramref name="count"/> bytes at <paramref name="offset"/>.</summary>
    /// <exception cref="WireFormatException">Malformed CBOR, key 1 not 0, or a missing field.</exception>
    public static Notification DecodeNotification(byte[] cbor, int offset, int count)
    {
        CheckNotNull(cbor, nameof(cbor));
        CborMap map = DecodeMap(cbor, offset, count, "notification");
        if (RequireUInt32(map, 1, "messageId", 0) != 0)
        {
            throw new WireFormatException("A notification's messageId (key 1) must be 0.");
        }

        uint subscriptionId = RequireUInt32(map, 2, "subscriptionId", 0);
        byte endpointId = (byte)RequireUInt(map, 3, "endpointId", byte.MaxValue, 0);
        byte featureId = (byte)RequireUInt(map, 4, "featureId", byte.MaxValue, 0);
        return new Notification(subscriptionId, endpointId, featureId, OptionalMap(map, 5, "changes", 0) ?? new CborMap(0));
    }

    /// <summary>Key 1 of a well-formed map, without decoding the rest; false when there is none.</summary>
    private static bool TryPeekMessageId(byte[] cbor, int offset, int count, out uint id)
    {
        EnvelopeScan scan = EnvelopeScan.Scan(cbor, offset, count);
        bool found = scan.WellFormed && scan.IsMap && scan.Key1.IsUnsigned(uint.MaxValue);
        id = found ? (uint)scan.Key1.Value : 0;
        return found;
    }

    private static void CheckNotNull(object value, string name)
    {
        if (value is null)
        {
            throw new ArgumentNullException(name);
        }
    }

    private static void WriteField(CborWriter writer, uint key, ulong value)
    {
        writer.WriteUInt32(key);
        writer.WriteUInt64(value);
    }

    private static CborMap DecodeMap(byte[] cbor, int offset, int count, string what)
    {
        CborValue value = CborValue.Decode(cbor, offset, count);
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
                "Missing required field " + name + " (key " + key + ").", messageId);
        }

        if (!value.TryGetUInt64(out ulong number) || number > max)
        {
            throw new WireFormatException(
                "Field " + name + " (key " + key + ") must be an unsigned integer up to " + max + ", not " + value + ".",
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
                "Field " + name + " (key " + key + ") must be a map, not " + value + ".", messageId);
        }

        return value.AsMap();
    }
}
