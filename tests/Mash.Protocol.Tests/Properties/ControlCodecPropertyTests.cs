using CsCheck;
using Mash.Protocol.Wire;

namespace Mash.Protocol.Tests.Properties;

public class ControlCodecPropertyTests
{
    // The integer-key form has no close_ack (it answers close with close) and no reason.
    private static readonly Gen<ControlMessage> IntegerForm =
        Gen.Select(Gen.OneOf(ControlMessageType.Ping, ControlMessageType.Pong, ControlMessageType.Close), Sequence)
        .Select((type, sequence) => new ControlMessage(type, sequence));

    private static readonly Gen<ControlMessage> TextForm =
        Gen.Select(
            Gen.OneOf(ControlMessageType.Ping, ControlMessageType.Pong, ControlMessageType.Close, ControlMessageType.CloseAck),
            Sequence,
            Gen.Frequency((1, Gen.Const((string?)null)), (2, WireGen.Text(0, 40).Select(t => (string?)t))))
        .Select((type, sequence, reason) => new ControlMessage(type, sequence, ControlKeyForm.TextKeys, reason));

    private static readonly Gen<ControlMessage> Any = Gen.OneOf(IntegerForm, TextForm);

    private static Gen<uint> Sequence => Gen.Frequency((1, Gen.Const(0u)), (2, Gen.UInt[0, 300]), (2, Gen.UInt));

    [Fact]
    public void Any_control_message_decodes_to_its_type_sequence_key_form_and_reason()
    {
        Any.Sample(
            message =>
            {
                byte[] bytes = Encode(message);
                Assert.True(ControlCodec.TryDecode(bytes, out ControlMessage decoded), message.ToString());
                Assert.Equal(message, decoded);
            },
            iter: 3000);
    }

    [Fact]
    public void The_announced_length_is_the_length_written_and_keep_alives_fit_the_fixed_buffer()
    {
        Any.Sample(
            message =>
            {
                var buffer = new byte[ControlCodec.GetEncodedLength(message) + 8];
                Assert.Equal(ControlCodec.GetEncodedLength(message), ControlCodec.Write(buffer, message));
                if (message.Form == ControlKeyForm.IntegerKeys)
                {
                    Assert.True(ControlCodec.GetEncodedLength(message) <= ControlCodec.MaxKeepAliveSize);
                }
            },
            iter: 3000);
    }

    [Fact]
    public void Control_messages_are_canonical_CBOR_and_classified_as_control()
    {
        Any.Sample(
            message =>
            {
                byte[] bytes = Encode(message);
                Assert.Equal(bytes, CborValue.Decode(bytes).Encode());
                Assert.Equal(MessageKind.Control, MessageClassifier.Classify(bytes));
            },
            iter: 3000);
    }

    private static byte[] Encode(ControlMessage message)
    {
        var bytes = new byte[ControlCodec.GetEncodedLength(message)];
        ControlCodec.Write(bytes, message);
        return bytes;
    }
}
