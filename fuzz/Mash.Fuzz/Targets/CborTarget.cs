using System;
using System.Collections.Generic;
using Mash.Protocol.Wire;

namespace Mash.Fuzz.Targets;

/// <summary>
/// <see cref="CborValue.Decode(ReadOnlyMemory{byte})"/>: succeeds or throws
/// <see cref="WireFormatException"/>. What it accepts must encode, and the encoding must decode
/// to an equal value (our own encoder's output is always within the decode limits).
/// </summary>
internal sealed class CborTarget : IFuzzTarget
{
    public string Name => "cbor";

    public string Description => "CborValue.Decode, then Encode and decode again to an equal value";

    public void Run(ReadOnlySpan<byte> input)
    {
        CborValue value;
        try
        {
            value = CborValue.Decode(input.ToArray());
        }
        catch (WireFormatException)
        {
            return;
        }

        byte[] encoded = value.Encode();
        CborValue again;
        try
        {
            again = CborValue.Decode(encoded);
        }
        catch (WireFormatException ex)
        {
            throw new FuzzInvariantException($"our encoding of {value} does not decode: {ex.Message}", ex);
        }

        if (!again.Equals(value))
        {
            throw new FuzzInvariantException($"round trip changed {value} into {again}");
        }
    }

    public IEnumerable<byte[]> Seeds() => WireSeeds.Envelopes();
}
