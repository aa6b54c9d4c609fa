using System;
using Mash.Protocol.Commissioning;
using Mash.Protocol.Wire;

namespace Mash.Protocol.Tests.Commissioning;

public class RenewalMessageTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

    [Fact]
    public void Every_renewal_message_round_trips()
    {
        RenewalMessage[] all =
        [
            RenewalMessage.NewRequest(new byte[32]),
            RenewalMessage.NewCsr([0x30, 0x03, 0x02, 0x01, 0x00]),
            RenewalMessage.NewInstall([0x30, 0x00], 7),
            RenewalMessage.NewAck(RenewalStatus.InvalidCertificate, 6),
        ];
        foreach (RenewalMessage m in all)
        {
            RenewalMessage back = RenewalMessage.Decode(m.Encode());
            Assert.Equal(m.Type, back.Type);
            Assert.Equal(m.Data, back.Data);
            Assert.Equal(m.Sequence, back.Sequence);
            Assert.Equal(m.Status, back.Status);
            if (m.Type != RenewalMessage.Ack)
            {
                // An Ack with a failure status 1-3 and a sequence has the shape of a request
                // (key 2 in 1..4, key 3 unsigned); the controller reads renewal frames raw, so
                // it arrives all the same.
                Assert.Equal(MessageKind.Renewal, MessageClassifier.Classify(m.Encode()));
            }
        }
    }

    [Fact]
    public void A_sequence_on_a_csr_is_ignored_so_the_message_reads_as_it_would_be_sent()
    {
        // Found by fuzzing: {1: 31, 2: h'30', 3: 2} decoded with sequence 2, which a CSR does not
        // carry, so the message changed when encoded and decoded again.
        RenewalMessage csr = RenewalMessage.Decode(Hex("a3 01 18 1f 02 41 30 03 02"));

        Assert.Equal(RenewalMessage.Csr, csr.Type);
        Assert.Equal(0u, csr.Sequence);
        Assert.Equal(csr.Encode(), RenewalMessage.Decode(csr.Encode()).Encode());
    }

    [Theory]
    [InlineData("a2 01 18 1f 02 41 30 00")] // trailing byte, as the classifier would also refuse
    [InlineData("a1 01 18 1f")] // CSR without its data
    [InlineData("a2 01 18 22 02 00")] // type 34
    [InlineData("a1 02 41 00")] // no type
    public void Malformed_renewal_messages_are_wire_format_errors(string hex)
    {
        Assert.Throws<WireFormatException>(() => RenewalMessage.Decode(Hex(hex)));
    }
}
