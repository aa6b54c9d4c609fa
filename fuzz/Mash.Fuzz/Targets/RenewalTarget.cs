using System;
using System.Collections.Generic;
using Mash.Protocol.Commissioning;
using Mash.Protocol.Wire;

namespace Mash.Fuzz.Targets;

/// <summary>
/// <see cref="RenewalMessage.Decode"/> on an operational connection's renewal frames: succeeds or
/// throws <see cref="WireFormatException"/>; what it accepts must re-encode to the same message.
/// </summary>
internal sealed class RenewalTarget : IFuzzTarget
{
    public string Name => "renewal";

    public string Description => "RenewalMessage.Decode (certificate renewal 30-33), then a round trip";

    public void Run(ReadOnlySpan<byte> input)
    {
        RenewalMessage message;
        try
        {
            message = RenewalMessage.Decode(input.ToArray());
        }
        catch (WireFormatException)
        {
            return;
        }

        RenewalMessage again;
        try
        {
            again = RenewalMessage.Decode(message.Encode());
        }
        catch (WireFormatException ex)
        {
            throw new FuzzInvariantException($"our encoding of renewal message {message.Type} does not decode: {ex.Message}", ex);
        }

        if (again.Type != message.Type || again.Status != message.Status || again.Sequence != message.Sequence
            || !again.Data.AsSpan().SequenceEqual(message.Data))
        {
            throw new FuzzInvariantException($"renewal message {message.Type} changed in an encode/decode round trip");
        }
    }

    public IEnumerable<byte[]> Seeds()
    {
        yield return Hex.Bytes("a2 01 18 21 02 00");
        yield return RenewalMessage.NewRequest(new byte[32]).Encode();
        yield return RenewalMessage.NewCsr(new byte[] { 0x30, 0x03, 0x02, 0x01, 0x00 }).Encode();
        yield return RenewalMessage.NewInstall(new byte[] { 0x30, 0x00 }, 7).Encode();
        yield return RenewalMessage.NewAck(RenewalStatus.CsrFailed, 7).Encode();
    }
}
