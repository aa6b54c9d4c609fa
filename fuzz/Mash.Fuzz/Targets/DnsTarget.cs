using System;
using System.Collections.Generic;
using Mash.Protocol.Dns;

namespace Mash.Fuzz.Targets;

/// <summary>
/// <see cref="DnsMessageReader.Decode(byte[])"/> on received mDNS packets: succeeds or throws
/// <see cref="DnsFormatException"/>. A decoded message re-encodes (or is refused as too large
/// with <see cref="InvalidOperationException"/>, as documented) and decodes to the same records.
/// </summary>
internal sealed class DnsTarget : IFuzzTarget
{
    public string Name => "dns";

    public string Description => "DnsMessageReader.Decode, then DnsMessage.Encode and decode again";

    public void Run(ReadOnlySpan<byte> input)
    {
        DnsMessage message;
        try
        {
            message = DnsMessageReader.Decode(input.ToArray());
        }
        catch (DnsFormatException)
        {
            return;
        }

        byte[] encoded;
        try
        {
            encoded = message.Encode();
        }
        catch (InvalidOperationException)
        {
            return;
        }

        DnsMessage again;
        try
        {
            again = DnsMessageReader.Decode(encoded);
        }
        catch (DnsFormatException ex)
        {
            throw new FuzzInvariantException($"our encoding of a decoded message does not decode: {ex.Message}", ex);
        }

        if (again.Id != message.Id || again.Flags != message.Flags || again.Questions.Length != message.Questions.Length)
        {
            throw new FuzzInvariantException("header or questions changed in an encode/decode round trip");
        }

        for (int i = 0; i < message.Questions.Length; i++)
        {
            DnsQuestion a = message.Questions[i];
            DnsQuestion b = again.Questions[i];
            if (!a.Name.Equals(b.Name) || a.Type != b.Type || a.Class != b.Class || a.UnicastResponse != b.UnicastResponse)
            {
                throw new FuzzInvariantException($"question {a} became {b}");
            }
        }

        SameRecords(message.Answers, again.Answers);
        SameRecords(message.Authorities, again.Authorities);
        SameRecords(message.Additionals, again.Additionals);
    }

    public IEnumerable<byte[]> Seeds() => MdnsSeeds.Packets();

    private static void SameRecords(DnsRecord[] before, DnsRecord[] after)
    {
        if (before.Length != after.Length)
        {
            throw new FuzzInvariantException($"{before.Length} records became {after.Length}");
        }

        for (int i = 0; i < before.Length; i++)
        {
            if (!before[i].IsSameRecord(after[i]) || before[i].Ttl != after[i].Ttl || before[i].CacheFlush != after[i].CacheFlush)
            {
                throw new FuzzInvariantException($"record {before[i]} became {after[i]}");
            }
        }
    }
}
