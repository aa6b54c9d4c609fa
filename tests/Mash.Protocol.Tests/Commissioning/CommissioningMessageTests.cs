using System;
using System.Text;
using Mash.Protocol.Commissioning;
using Mash.Protocol.Wire;

namespace Mash.Protocol.Tests.Commissioning;

/// <summary>Byte-exact against the frames the reference exchanges (wire digest section 3.4).</summary>
public class CommissioningMessageTests
{
    private const string PA = "0420dfffb0ea1bb27e2f1afb227cdd645d5d3d7c697ce189cfdb7573de6abf4779a9df7b7b4a528cce65df117ccc48b8a81599f12c54d719c2419044072572fb41";
    private const string PB = "04422d7044f50f9435d0806455245967dfc8d3dd33f0256935ad92a8f94acca31f717889ad1f81163fdf0b49fbd778f24c16a2f52cac6390bd9bd484bd05b577cb";
    private const string CA = "734cbec8420073b52f3c318819945f3839ff8bb1c291646e6d036d44704abe5f";
    private const string CB = "007d989e71db38c1441c421c7638b0d9c1fc32032064ef6b217087410d79734b";

    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

    [Fact]
    public void Pase_request_matches_the_reference_bytes()
    {
        byte[] expected = Hex("a3 01 01 02 58 41" + PA + "03 4f" + Convert.ToHexString(Encoding.ASCII.GetBytes("mash-controller")));
        Assert.Equal(expected, CommissioningMessage.PaseRequest(Hex(PA), "mash-controller").Encode());
        CommissioningMessage decoded = CommissioningMessage.Decode(expected);
        Assert.Equal(CommissioningMessageType.PaseRequest, decoded.Type);
        Assert.Equal(Hex(PA), decoded.Data);
        Assert.Equal("mash-controller", Encoding.ASCII.GetString(decoded.Data2!));
    }

    [Fact]
    public void Pase_response_confirm_and_complete_match_the_reference_bytes()
    {
        Assert.Equal(Hex("a2 01 02 02 58 41" + PB), CommissioningMessage.PaseResponse(Hex(PB)).Encode());
        Assert.Equal(Hex("a2 01 03 02 58 20" + CA), CommissioningMessage.PaseConfirm(Hex(CA)).Encode());
        Assert.Equal(Hex("a3 01 04 02 58 20" + CB + "03 00"), CommissioningMessage.PaseComplete(Hex(CB), CommissioningErrorCode.Success).Encode());
        CommissioningMessage failed = CommissioningMessage.Decode(Hex("a3 01 04 02 58 20" + CB + "03 02"));
        Assert.Equal(CommissioningErrorCode.ConfirmationFailed, failed.ErrorCode);
    }

    [Fact]
    public void Commissioning_error_matches_the_reference_bytes()
    {
        byte[] expected = Hex("a3 01 18 ff 02 01 03 72" + Convert.ToHexString(Encoding.ASCII.GetBytes("invalid public key")));
        Assert.Equal(expected, CommissioningMessage.Error(CommissioningErrorCode.InvalidPublicKey, "invalid public key").Encode());
        CommissioningMessage decoded = CommissioningMessage.Decode(expected);
        Assert.Equal(CommissioningErrorCode.InvalidPublicKey, decoded.ErrorCode);
        Assert.Equal("invalid public key", decoded.Text);
    }

    [Fact]
    public void Every_message_type_round_trips()
    {
        CommissioningMessage[] all =
        [
            CommissioningMessage.CsrRequest(new byte[32]),
            CommissioningMessage.CsrResponse([1, 2, 3], CommissioningErrorCode.Success),
            CommissioningMessage.CertInstall([4, 5], [6, 7], 1, 1),
            CommissioningMessage.CertInstallResponse(CommissioningErrorCode.ZoneFull),
            CommissioningMessage.Complete(),
            CommissioningMessage.Error(CommissioningErrorCode.Busy, "busy"),
        ];
        foreach (CommissioningMessage m in all)
        {
            CommissioningMessage back = CommissioningMessage.Decode(m.Encode());
            Assert.Equal(m.Type, back.Type);
            Assert.Equal(m.ErrorCode, back.ErrorCode);
            Assert.Equal(m.ZoneType, back.ZoneType);
            Assert.Equal(m.Text, back.Text);
            Assert.Equal(m.Data ?? [], back.Data ?? []);
            Assert.Equal(m.Data2, back.Data2);
            Assert.Equal(MessageKind.Pase, MessageClassifier.Classify(m.Encode()));
        }
    }

    [Theory]
    [InlineData("a1 02 41 00")] // no type
    [InlineData("a1 01 01")] // PaseRequest without pA
    [InlineData("a2 01 0c 02 41 00")] // CertInstall without the CA
    [InlineData("a2 01 05 02 41 00")] // unknown type 5
    [InlineData("a2 01 02 02")] // truncated
    [InlineData("a1 01 01 00")] // trailing byte
    public void Malformed_messages_are_reported_as_wire_format_errors(string hex)
    {
        Assert.Throws<WireFormatException>(() => CommissioningMessage.Decode(Hex(hex)));
    }
}
