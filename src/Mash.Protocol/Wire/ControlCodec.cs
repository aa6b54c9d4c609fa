using System;
using Mash.Protocol.Portable;

namespace Mash.Protocol.Wire;

/// <summary>
/// Encodes and decodes control messages without allocating (except a close reason string),
/// so that keep-alive traffic costs nothing in steady state.
/// </summary>
/// <remarks>
/// Close acknowledgement: the answer goes out in the dialect of the close that was received.
/// An integer-key close is answered with a close, a1 01 03, because the reference only knows
/// types 1-3 and its own server answers close with close; a [63] string-key close is answered
/// with {"type": "close_ack"}. See <see cref="CloseAcknowledgementFor"/>.
/// </remarks>
public static class ControlCodec
{
    /// <summary>Largest encoded ping or pong in either form ({"seq": 2^32-1, "type": "ping"}).</summary>
    public const int MaxKeepAliveSize = 20;

    private const int MajorUnsigned = 0;
    private const int MajorText = 3;
    private const int MajorMap = 5;

    private const string TypeKey = "type";

    private const string SeqKey = "seq";

    private const string ReasonKey = "reason";

    private const string PingText = "ping";

    private const string PongText = "pong";

    private const string CloseText = "close";

    private const string CloseAckText = "close_ack";

    /// <summary>Writes an integer-key ping at the start of <paramref name="destination"/>; returns the bytes written.</summary>
    public static int WritePing(byte[] destination, uint sequence) => WritePing(destination, 0, sequence);

    /// <summary>Writes an integer-key ping at <paramref name="offset"/>; returns the bytes written.</summary>
    public static int WritePing(byte[] destination, int offset, uint sequence) =>
        Write(destination, offset, new ControlMessage(ControlMessageType.Ping, sequence));

    /// <summary>Writes an integer-key pong at the start of <paramref name="destination"/>; returns the bytes written.</summary>
    public static int WritePong(byte[] destination, uint sequence) => WritePong(destination, 0, sequence);

    /// <summary>Writes an integer-key pong at <paramref name="offset"/>; returns the bytes written.</summary>
    public static int WritePong(byte[] destination, int offset, uint sequence) =>
        Write(destination, offset, new ControlMessage(ControlMessageType.Pong, sequence));

    /// <summary>Writes an integer-key close (a1 01 03) at the start of <paramref name="destination"/>; returns the bytes written.</summary>
    public static int WriteClose(byte[] destination) => WriteClose(destination, 0);

    /// <summary>Writes an integer-key close (a1 01 03) at <paramref name="offset"/>; returns the bytes written.</summary>
    public static int WriteClose(byte[] destination, int offset) =>
        Write(destination, offset, new ControlMessage(ControlMessageType.Close));

    /// <summary>The pong that answers <paramref name="ping"/>: same sequence, same dialect.</summary>
    public static ControlMessage PongFor(ControlMessage ping) =>
        new(ControlMessageType.Pong, ping.Sequence, ping.Form);

    /// <summary>The answer to a received close: close for integer keys, close_ack for string keys.</summary>
    public static ControlMessage CloseAcknowledgementFor(ControlMessage close) =>
        close.Form == ControlKeyForm.TextKeys
            ? new ControlMessage(ControlMessageType.CloseAck, 0, ControlKeyForm.TextKeys)
            : new ControlMessage(ControlMessageType.Close);

    /// <summary>Bytes that <see cref="Write"/> will produce for <paramref name="message"/>.</summary>
    public static int GetEncodedLength(ControlMessage message)
    {
        CheckType(message.Type);
        if (message.Form == ControlKeyForm.IntegerKeys)
        {
            return 3 + (message.Sequence != 0 ? 1 + HeadLength(message.Sequence) : 0);
        }

        string type = TypeText(message.Type);
        int length = 1 + TextLength(TypeKey.Length) + TextLength(type.Length);
        if (message.Sequence != 0)
        {
            length += TextLength(SeqKey.Length) + HeadLength(message.Sequence);
        }

        if (message.Reason is not null)
        {
            length += TextLength(ReasonKey.Length) + TextLength(Utf8.GetByteCount(message.Reason));
        }

        return length;
    }

    /// <summary>
    /// Writes a control message in its own dialect, keys in canonical order; returns the bytes
    /// written. An integer-form CloseAck is written as a close (see the type remarks).
    /// </summary>
    /// <exception cref="ArgumentException">The destination is too small.</exception>
    public static int Write(byte[] destination, ControlMessage message) => Write(destination, 0, message);

    /// <summary>
    /// Writes a control message at <paramref name="offset"/> of <paramref name="destination"/>;
    /// returns the bytes written (see <see cref="Write(byte[], ControlMessage)"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The destination is too small.</exception>
    public static int Write(byte[] destination, int offset, ControlMessage message)
    {
        if (destination is null)
        {
            throw new ArgumentNullException(nameof(destination));
        }

        int needed = GetEncodedLength(message);
        if (offset < 0 || destination.Length - offset < needed)
        {
            throw new ArgumentException("The destination cannot hold the control message.", nameof(destination));
        }

        int position = offset;
        if (message.Form == ControlKeyForm.IntegerKeys)
        {
            int type = message.Type == ControlMessageType.CloseAck ? (int)ControlMessageType.Close : (int)message.Type;
            WriteHead(destination, ref position, MajorMap, message.Sequence != 0 ? 2u : 1u);
            WriteHead(destination, ref position, MajorUnsigned, 1);
            WriteHead(destination, ref position, MajorUnsigned, (ulong)type);
            if (message.Sequence != 0)
            {
                WriteHead(destination, ref position, MajorUnsigned, 2);
                WriteHead(destination, ref position, MajorUnsigned, message.Sequence);
            }

            return position - offset;
        }

        // Canonical (length-first) order: "seq" < "type" < "reason".
        uint entries = 1u + (message.Sequence != 0 ? 1u : 0u) + (message.Reason is not null ? 1u : 0u);
        WriteHead(destination, ref position, MajorMap, entries);
        if (message.Sequence != 0)
        {
            WriteText(destination, ref position, SeqKey);
            WriteHead(destination, ref position, MajorUnsigned, message.Sequence);
        }

        WriteText(destination, ref position, TypeKey);
        WriteText(destination, ref position, TypeText(message.Type));
        if (message.Reason is not null)
        {
            WriteText(destination, ref position, ReasonKey);
            byte[] reason = Utf8.GetBytes(message.Reason);
            WriteHead(destination, ref position, MajorText, (ulong)reason.Length);
            Array.Copy(reason, 0, destination, position, reason.Length);
            position += reason.Length;
        }

        return position - offset;
    }

    /// <summary>
    /// Decodes a control message in either dialect. Returns false for anything that
    /// <see cref="MessageClassifier.Classify"/> would not call Control, or whose sequence is not
    /// an unsigned 32-bit integer. Unknown keys are ignored.
    /// </summary>
    public static bool TryDecode(byte[] cbor, out ControlMessage message)
    {
        if (cbor is null)
        {
            throw new ArgumentNullException(nameof(cbor));
        }

        return TryDecode(cbor, 0, cbor.Length, out message);
    }

    /// <summary>Decodes a control message from <paramref name="count"/> bytes at <paramref name="offset"/> (see <see cref="TryDecode(byte[], out ControlMessage)"/>).</summary>
    public static bool TryDecode(byte[] cbor, int offset, int count, out ControlMessage message)
    {
        message = default;
        if (cbor is null)
        {
            throw new ArgumentNullException(nameof(cbor));
        }

        EnvelopeScan scan = EnvelopeScan.Scan(cbor, offset, count);
        if (!scan.WellFormed || !scan.IsMap)
        {
            return false;
        }

        if (scan.TextType.IsPresent)
        {
            ControlMessageType type = ParseTextType(scan, scan.TextType);
            if (type == ControlMessageType.None || (scan.TextSeq.IsPresent && !scan.TextSeq.IsUnsigned(uint.MaxValue)))
            {
                return false;
            }

            string? reason = null;
            if (scan.TextReason.Kind == FieldKind.Text && scan.TextReason.Start >= 0)
            {
                try
                {
                    reason = Utf8.GetString(scan.Data, scan.TextReason.Start, scan.TextReason.Length);
                }
                catch (FormatException)
                {
                    // Not valid UTF-8: the close still counts, its reason is dropped (TryDecode never throws).
                    reason = null;
                }
            }

            message = new ControlMessage(type, (uint)scan.TextSeq.Value, ControlKeyForm.TextKeys, reason);
            return true;
        }

        if (!scan.Key1.IsUnsigned(3) || scan.Key1.Value == 0
            || scan.Key3.IsPresent || scan.Key4.IsPresent
            || (scan.Key2.IsPresent && !scan.Key2.IsUnsigned(uint.MaxValue)))
        {
            return false;
        }

        message = new ControlMessage((ControlMessageType)scan.Key1.Value, (uint)scan.Key2.Value);
        return true;
    }

    internal static ControlMessageType ParseTextType(in EnvelopeScan scan, in FieldInfo field)
    {
        if (scan.TextEquals(field, PingText))
        {
            return ControlMessageType.Ping;
        }

        if (scan.TextEquals(field, PongText))
        {
            return ControlMessageType.Pong;
        }

        if (scan.TextEquals(field, CloseText))
        {
            return ControlMessageType.Close;
        }

        return scan.TextEquals(field, CloseAckText) ? ControlMessageType.CloseAck : ControlMessageType.None;
    }

    private static string TypeText(ControlMessageType type) => type switch
    {
        ControlMessageType.Ping => PingText,
        ControlMessageType.Pong => PongText,
        ControlMessageType.Close => CloseText,
        _ => CloseAckText,
    };

    private static void CheckType(ControlMessageType type)
    {
        if (type is < ControlMessageType.Ping or > ControlMessageType.CloseAck)
        {
            throw new ArgumentOutOfRangeException(nameof(type), "Not a control message type.");
        }
    }

    private static int TextLength(int length) => HeadLength((ulong)length) + length;

    private static int HeadLength(ulong argument) =>
        argument < 24 ? 1 : argument <= byte.MaxValue ? 2 : argument <= ushort.MaxValue ? 3 : argument <= uint.MaxValue ? 5 : 9;

    private static void WriteText(byte[] destination, ref int position, string ascii)
    {
        WriteHead(destination, ref position, MajorText, (ulong)ascii.Length);
        for (int i = 0; i < ascii.Length; i++)
        {
            destination[position++] = (byte)ascii[i];
        }
    }

    private static void WriteHead(byte[] destination, ref int position, int major, ulong argument)
    {
        int initial = major << 5;
        if (argument < 24)
        {
            destination[position++] = (byte)(initial | (int)argument);
            return;
        }

        int width = argument <= byte.MaxValue ? 1 : argument <= ushort.MaxValue ? 2 : argument <= uint.MaxValue ? 4 : 8;
        int info = width switch { 1 => 24, 2 => 25, 4 => 26, _ => 27 };
        destination[position++] = (byte)(initial | info);
        for (int shift = (width - 1) * 8; shift >= 0; shift -= 8)
        {
            destination[position++] = (byte)(argument >> shift);
        }
    }
}
