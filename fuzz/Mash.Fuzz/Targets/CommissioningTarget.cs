using System;
using System.Collections.Generic;
using Mash.Protocol.Commissioning;
using Mash.Protocol.Wire;

namespace Mash.Fuzz.Targets;

/// <summary>
/// <see cref="CommissioningMessage.Decode"/> on a commissioning connection's frames: succeeds or
/// throws <see cref="WireFormatException"/>; what it accepts must re-encode to the same message.
/// </summary>
internal sealed class CommissioningTarget : IFuzzTarget
{
    public string Name => "commissioning";

    public string Description => "CommissioningMessage.Decode (PASE, CSR and certificate install messages), then a round trip";

    public void Run(ReadOnlySpan<byte> input)
    {
        CommissioningMessage message;
        try
        {
            message = CommissioningMessage.Decode(input.ToArray());
        }
        catch (WireFormatException)
        {
            return;
        }

        CommissioningMessage again;
        try
        {
            again = CommissioningMessage.Decode(message.Encode());
        }
        catch (WireFormatException ex)
        {
            throw new FuzzInvariantException($"our encoding of {message.Type} does not decode: {ex.Message}", ex);
        }

        if (again.Type != message.Type || again.ErrorCode != message.ErrorCode || again.ZoneType != message.ZoneType
            || again.ZonePriority != message.ZonePriority || again.Text != message.Text
            || !SameBytes(again.Data, message.Data) || !SameBytes(again.Data2, message.Data2))
        {
            throw new FuzzInvariantException($"{message.Type} changed in an encode/decode round trip");
        }
    }

    public IEnumerable<byte[]> Seeds()
    {
        foreach (byte[] seed in WireSeeds.Commissioning())
        {
            yield return seed;
        }

        yield return CommissioningMessage.CsrRequest(new byte[32]).Encode();
        yield return CommissioningMessage.CsrResponse(new byte[] { 0x30, 0x03, 0x02, 0x01, 0x00 }, CommissioningErrorCode.Success).Encode();
        yield return CommissioningMessage.CertInstall(new byte[] { 0x30, 0x00 }, new byte[] { 0x30, 0x00 }, 2, 3).Encode();
        yield return CommissioningMessage.CertInstallResponse(CommissioningErrorCode.Success).Encode();
        yield return CommissioningMessage.Complete().Encode();
        yield return CommissioningMessage.Error(CommissioningErrorCode.ZoneFull, "zone table full").Encode();
    }

    private static bool SameBytes(byte[]? a, byte[]? b) => (a ?? []).AsSpan().SequenceEqual(b ?? []);
}
