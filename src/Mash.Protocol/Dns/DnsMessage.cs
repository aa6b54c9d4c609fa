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

    private static readonly DnsQuestion[] NoQuestions = new DnsQuestion[0];
    private static readonly DnsRecord[] NoRecords = new DnsRecord[0];

    /// <summary>A message; the arrays are copied, so the caller may reuse them.</summary>
    public DnsMessage(
        ushort id,
        ushort flags,
        DnsQuestion[]? questions = null,
        DnsRecord[]? answers = null,
        DnsRecord[]? authorities = null,
        DnsRecord[]? additionals = null)
    {
        Id = id;
        Flags = flags;
        Questions = questions is null || questions.Length == 0 ? NoQuestions : (DnsQuestion[])questions.Clone();
        Answers = Copy(answers);
        Authorities = Copy(authorities);
        Additionals = Copy(additionals);
    }

    public ushort Id { get; }

    public ushort Flags { get; }

    public bool IsResponse => (Flags & FlagResponse) != 0;

    public int Opcode => (Flags >> 11) & 0xF;

    public bool IsAuthoritative => (Flags & FlagAuthoritative) != 0;

    /// <summary>In an mDNS query: more known answers follow in the next packets (RFC 6762 7.2).</summary>
    public bool IsTruncated => (Flags & FlagTruncated) != 0;

    public int ResponseCode => Flags & 0xF;

    // The sections are arrays (nanoFramework has no generic collections). The message owns
    // them: read them, never write to them.
    public DnsQuestion[] Questions { get; }

    public DnsRecord[] Answers { get; }

    public DnsRecord[] Authorities { get; }

    public DnsRecord[] Additionals { get; }

    /// <summary>Encodes with name compression; throws when the message exceeds 9000 bytes.</summary>
    public byte[] Encode() => DnsMessageWriter.Encode(this);

    /// <summary>Decodes a packet; any malformation is a <see cref="DnsFormatException"/>.</summary>
    public static DnsMessage Decode(byte[] packet, int length) => DnsMessageReader.Decode(packet, length);

    private static DnsRecord[] Copy(DnsRecord[]? records) =>
        records is null || records.Length == 0 ? NoRecords : (DnsRecord[])records.Clone();
}
