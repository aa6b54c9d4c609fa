using System;
using System.Collections.Generic;
using Mash.Protocol.Wire;

namespace Mash.Fuzz.Targets;

/// <summary>
/// What an operational connection does with a frame: <see cref="MessageClassifier.Classify"/>
/// (never throws), <see cref="ControlCodec.TryDecode"/> (never throws, and only for frames the
/// classifier calls Control), and the envelope decoders (succeed or throw
/// <see cref="WireFormatException"/>). A decoded request or control message must survive
/// encoding and decoding unchanged.
/// </summary>
internal sealed class MessageTarget : IFuzzTarget
{
    public string Name => "message";

    public string Description => "MessageClassifier.Classify, ControlCodec.TryDecode, MessageCodec.DecodeRequest/Response/Notification";

    public void Run(ReadOnlySpan<byte> input)
    {
        byte[] frame = input.ToArray();
        MessageKind kind = MessageClassifier.Classify(frame);
        if (ControlCodec.TryDecode(frame, out ControlMessage control))
        {
            if (kind != MessageKind.Control)
            {
                throw new FuzzInvariantException($"TryDecode read a control message from a frame classified {kind}");
            }

            CheckControlRoundTrip(control);
        }

        try
        {
            Request request = MessageCodec.DecodeRequest(frame);
            Request again = MessageCodec.DecodeRequest(MessageCodec.Encode(request));
            if (again.MessageId != request.MessageId || again.Operation != request.Operation
                || again.EndpointId != request.EndpointId || again.FeatureId != request.FeatureId
                || !Equals(again.Payload, request.Payload))
            {
                throw new FuzzInvariantException("request changed in an encode/decode round trip");
            }
        }
        catch (WireFormatException)
        {
        }

        try
        {
            MessageCodec.Encode(MessageCodec.DecodeResponse(frame));
        }
        catch (WireFormatException)
        {
        }

        try
        {
            MessageCodec.Encode(MessageCodec.DecodeNotification(frame));
        }
        catch (WireFormatException)
        {
        }
    }

    public IEnumerable<byte[]> Seeds() => WireSeeds.Envelopes();

    private static void CheckControlRoundTrip(ControlMessage control)
    {
        byte[] buffer = new byte[ControlCodec.GetEncodedLength(control)];
        int written = ControlCodec.Write(buffer, control);
        if (written != buffer.Length)
        {
            throw new FuzzInvariantException($"control message wrote {written} bytes, announced {buffer.Length}");
        }

        if (!ControlCodec.TryDecode(buffer, out ControlMessage again) || again.Type != control.Type
            || again.Sequence != control.Sequence || again.Form != control.Form)
        {
            throw new FuzzInvariantException($"control message {control.Type} changed in an encode/decode round trip");
        }
    }
}
