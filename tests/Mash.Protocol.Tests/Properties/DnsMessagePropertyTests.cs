using System;
using System.Collections.Generic;
using CsCheck;
using Mash.Protocol.Dns;

namespace Mash.Protocol.Tests.Properties;

public class DnsMessagePropertyTests
{
    // Labels of 1..12 scalars stay under 63 bytes of UTF-8 and may hold dots, spaces and any script,
    // as DNS-SD instance names do.
    private static readonly Gen<DnsName> Names =
        WireGen.Text(1, 12).Array[1, 4].Select(labels => new DnsName(labels));

    // A few shared suffixes make the writer compress names against earlier ones.
    private static readonly Gen<DnsName> CompressibleNames = Gen.Frequency(
        (2, Names),
        (1, Gen.Select(WireGen.Text(1, 12), Gen.OneOf("_mash._tcp.local", "_mashc._udp.local", "local")).Select((label, suffix) => DnsName.Parse(suffix).Prepend(label))));

    private static readonly Gen<ushort> Classes = Gen.UShort[0, 0x7FFF];

    private static readonly Gen<DnsQuestion> Questions =
        Gen.Select(CompressibleNames, Gen.UShort, Gen.Bool, Classes)
        .Select((name, type, unicast, cls) => new DnsQuestion(name, (DnsRecordType)type, unicast, cls));

    // TXT records carry at least one string: an empty one goes out as one empty string (RFC 6763 6.1).
    private static readonly Gen<DnsRecord> Records = Gen.OneOf<DnsRecord>(
        Gen.Select(CompressibleNames, Gen.UInt, CompressibleNames, Gen.Bool, Classes)
            .Select((name, ttl, target, flush, cls) => new PtrRecord(name, ttl, target, flush, cls)),
        Gen.Select(CompressibleNames, Gen.UInt, Gen.UShort, Gen.UShort, Gen.UShort, CompressibleNames, Gen.Bool)
            .Select((name, ttl, priority, weight, port, target, flush) => new SrvRecord(name, ttl, priority, weight, port, target, flush)),
        Gen.Select(CompressibleNames, Gen.UInt, WireGen.Bytes(0, 40).Array[1, 4], Gen.Bool)
            .Select((name, ttl, strings, flush) => new TxtRecord(name, ttl, strings, flush)),
        Gen.Select(CompressibleNames, Gen.UInt, Gen.OneOf(WireGen.Bytes(4, 4), WireGen.Bytes(16, 16)), Gen.Bool)
            .Select((name, ttl, address, flush) => new AddressRecord(name, ttl, address, flush)),
        Gen.Select(CompressibleNames, Gen.UInt, CompressibleNames, Gen.UShort.Array[0, 6], Gen.Bool)
            .Select((name, ttl, next, types, flush) => new NsecRecord(name, ttl, next, Array.ConvertAll(types, t => (DnsRecordType)t), flush)),
        Gen.Select(CompressibleNames, Gen.OneOf<ushort>(13, 99, 255, 65280), Gen.UInt, WireGen.Bytes(0, 30), Classes)
            .Select((name, type, ttl, data, cls) => new UnknownRecord(name, (DnsRecordType)type, ttl, data, false, cls)));

    private static readonly Gen<DnsMessage> Messages =
        Gen.Select(Gen.UShort, Gen.UShort, Questions.Array[0, 3], Records.Array[0, 3], Records.Array[0, 2], Records.Array[0, 3])
        .Select((id, flags, questions, answers, authorities, additionals) => new DnsMessage(id, flags, questions, answers, authorities, additionals));

    [Fact]
    public void Any_message_decodes_to_the_same_header_questions_and_records()
    {
        Messages.Sample(
            message =>
            {
                DnsMessage decoded = DnsMessage.Decode(message.Encode(), message.Encode().Length);
                Assert.Equal(message.Id, decoded.Id);
                Assert.Equal(message.Flags, decoded.Flags);
                Assert.Equal(message.Questions.Length, decoded.Questions.Length);
                for (int i = 0; i < message.Questions.Length; i++)
                {
                    DnsQuestion sent = message.Questions[i];
                    DnsQuestion got = decoded.Questions[i];
                    Assert.True(sent.Name.Equals(got.Name), sent.Name + " became " + got.Name);
                    Assert.Equal(sent.Type, got.Type);
                    Assert.Equal(sent.UnicastResponse, got.UnicastResponse);
                    Assert.Equal(sent.Class, got.Class);
                }

                SameRecords(message.Answers, decoded.Answers);
                SameRecords(message.Authorities, decoded.Authorities);
                SameRecords(message.Additionals, decoded.Additionals);
            },
            iter: 1000);
    }

    [Fact]
    public void Names_survive_their_dotted_text_form_whatever_their_labels_hold()
    {
        Names.Sample(
            name => Assert.True(name.Equals(DnsName.Parse(name.ToString())), name.ToString()),
            iter: 2000);
    }

    private static void SameRecords(IReadOnlyList<DnsRecord> sent, IReadOnlyList<DnsRecord> got)
    {
        Assert.Equal(sent.Count, got.Count);
        for (int i = 0; i < sent.Count; i++)
        {
            Assert.True(sent[i].IsSameRecord(got[i]), sent[i] + " became " + got[i]);
            Assert.Equal(sent[i].Ttl, got[i].Ttl);
            Assert.Equal(sent[i].CacheFlush, got[i].CacheFlush);
        }
    }
}
