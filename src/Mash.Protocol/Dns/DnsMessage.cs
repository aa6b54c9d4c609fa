using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;

namespace Mash.Protocol.Dns;

/// <summary>A whole DNS message: header, questions and the three record sections.</summary>
public sealed class DnsMessage
{
    public const ushort FlagResponse = 0x8000;
    public const ushort FlagAuthoritative = 0x0400;
    public const ushort FlagTruncated = 0x0200;
    public const ushort FlagRecursionDesired = 0x0100;

    /// <summary>Every mDNS response: QR and AA set, opcode 0, rcode 0 (RFC 6762 section 18).</summary>
    public const ushort MdnsResponseFlags = FlagResponse | FlagAuthoritative;

    private static readonly ReadOnlyCollection<DnsQuestion> NoQuestions = new(Array.Empty<DnsQuestion>());
    private static readonly ReadOnlyCollection<DnsRecord> NoRecords = new(Array.Empty<DnsRecord>());

    public DnsMessage(
        ushort id,
        ushort flags,
        IReadOnlyList<DnsQuestion>? questions = null,
        IReadOnlyList<DnsRecord>? answers = null,
        IReadOnlyList<DnsRecord>? authorities = null,
        IReadOnlyList<DnsRecord>? additionals = null)
    {
        Id = id;
        Flags = flags;
        Questions = questions is null || questions.Count == 0 ? NoQuestions : Copy(questions);
        Answers = answers is null || answers.Count == 0 ? NoRecords : Copy(answers);
        Authorities = authorities is null || authorities.Count == 0 ? NoRecords : Copy(authorities);
        Additionals = additionals is null || additionals.Count == 0 ? NoRecords : Copy(additionals);
    }

    public ushort Id { get; }

    public ushort Flags { get; }

    public bool IsResponse => (Flags & FlagResponse) != 0;

    public int Opcode => (Flags >> 11) & 0xF;

    public bool IsAuthoritative => (Flags & FlagAuthoritative) != 0;

    /// <summary>In an mDNS query: more known answers follow in the next packets (RFC 6762 7.2).</summary>
    public bool IsTruncated => (Flags & FlagTruncated) != 0;

    public int ResponseCode => Flags & 0xF;

    public IReadOnlyList<DnsQuestion> Questions { get; }

    public IReadOnlyList<DnsRecord> Answers { get; }

    public IReadOnlyList<DnsRecord> Authorities { get; }

    public IReadOnlyList<DnsRecord> Additionals { get; }

    /// <summary>Encodes with name compression; throws when the message exceeds 9000 bytes.</summary>
    public byte[] Encode() => DnsMessageWriter.Encode(this);

    /// <summary>Decodes a packet; any malformation is a <see cref="DnsFormatException"/>.</summary>
    public static DnsMessage Decode(byte[] packet, int length) => DnsMessageReader.Decode(packet, length);

    private static ReadOnlyCollection<T> Copy<T>(IReadOnlyList<T> items)
    {
        var copy = new T[items.Count];
        for (int i = 0; i < copy.Length; i++)
        {
            copy[i] = items[i];
        }

        return new ReadOnlyCollection<T>(copy);
    }
}
