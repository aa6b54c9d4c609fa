using CsCheck;
using Mash.Protocol.Commissioning;
using Mash.Protocol.Wire;

namespace Mash.Protocol.Tests.Properties;

public class CommissioningMessagePropertyTests
{
    private static readonly Gen<byte[]> Blob = WireGen.Bytes(0, 80);

    private static readonly Gen<CommissioningErrorCode> ErrorCode = Gen.Byte.Select(b => (CommissioningErrorCode)b);

    // Each type with exactly the fields it carries on the wire.
    private static readonly Gen<CommissioningMessage> Commissioning = Gen.OneOf<CommissioningMessage>(
        Gen.Select(Blob, Blob).Select((pA, identity) => new CommissioningMessage(CommissioningMessageType.PaseRequest, data: pA, data2: identity)),
        Blob.Select(CommissioningMessage.PaseResponse),
        Blob.Select(CommissioningMessage.PaseConfirm),
        Gen.Select(Blob, ErrorCode).Select(CommissioningMessage.PaseComplete),
        Blob.Select(CommissioningMessage.CsrRequest),
        Gen.Select(Blob, ErrorCode).Select((csr, error) => CommissioningMessage.CsrResponse(csr, error)),
        Gen.Select(Blob, Blob, Gen.Byte, Gen.Byte).Select(CommissioningMessage.CertInstall),
        ErrorCode.Select(CommissioningMessage.CertInstallResponse),
        Gen.Const(CommissioningMessage.Complete()),
        Gen.Select(ErrorCode, Gen.Frequency((1, Gen.Const((string?)null)), (3, WireGen.Text(0, 60).Select(t => (string?)t))))
            .Select((code, text) => new CommissioningMessage(CommissioningMessageType.Error, errorCode: code, text: text)));

    private static readonly Gen<RenewalMessage> Renewal = Gen.OneOf<RenewalMessage>(
        Blob.Select(RenewalMessage.NewRequest),
        Blob.Select(RenewalMessage.NewCsr),
        Gen.Select(Blob, Gen.UInt).Select(RenewalMessage.NewInstall),
        Gen.Select(Gen.Byte, Gen.UInt).Select((status, sequence) => RenewalMessage.NewAck((RenewalStatus)status, sequence)));

    [Fact]
    public void Any_commissioning_message_decodes_to_the_same_type_and_fields()
    {
        Commissioning.Sample(
            message =>
            {
                CommissioningMessage decoded = CommissioningMessage.Decode(message.Encode());
                Assert.Equal(message.Type, decoded.Type);
                Assert.Equal(message.Data ?? [], decoded.Data ?? []);
                Assert.Equal(message.Data2 ?? [], decoded.Data2 ?? []);
                Assert.Equal(message.ErrorCode, decoded.ErrorCode);
                Assert.Equal(message.ZoneType, decoded.ZoneType);
                Assert.Equal(message.ZonePriority, decoded.ZonePriority);
                Assert.Equal(message.Text, decoded.Text);
            },
            iter: 2000);
    }

    [Fact]
    public void Any_renewal_message_decodes_to_the_same_type_data_sequence_and_status()
    {
        Renewal.Sample(
            message =>
            {
                RenewalMessage decoded = RenewalMessage.Decode(message.Encode());
                Assert.Equal(message.Type, decoded.Type);
                Assert.Equal(message.Data, decoded.Data);
                Assert.Equal(message.Sequence, decoded.Sequence);
                Assert.Equal(message.Status, decoded.Status);
            },
            iter: 2000);
    }

    [Fact]
    public void The_classifier_routes_every_commissioning_message_to_PASE()
    {
        Commissioning.Sample(
            message => Assert.Equal(MessageKind.Pase, MessageClassifier.Classify(message.Encode())),
            iter: 2000);
    }

    [Fact]
    public void The_classifier_routes_every_renewal_message_to_renewal()
    {
        Renewal.Sample(
            message => Assert.Equal(MessageKind.Renewal, MessageClassifier.Classify(message.Encode())),
            iter: 2000);
    }
}
