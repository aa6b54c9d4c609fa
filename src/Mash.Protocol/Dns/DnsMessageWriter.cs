using System;

namespace Mash.Protocol.Dns;

/// <summary>
/// Builds a message record by record with name compression, refusing (instead of overflowing)
/// what does not fit, so a responder can spread many records over several packets. Reusable:
/// <see cref="Begin"/> starts the next message in the same buffer.
/// </summary>
public sealed class DnsMessageWriter
{
    private readonly DnsWireWriter _wire;
    private int _section;
    private int _questions;
    private int _answers;
    private int _authorities;
    private int _additionals;

    public DnsMessageWriter(int maxSize = DnsLimits.MaxMessageSize)
    {
        if (maxSize < DnsLimits.HeaderSize || maxSize > DnsLimits.MaxMessageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(maxSize), $"a message is {DnsLimits.HeaderSize}..{DnsLimits.MaxMessageSize} bytes, not {maxSize}");
        }

        MaxSize = maxSize;
        _wire = new DnsWireWriter(maxSize, compress: true);
        Begin(0, 0);
    }

    public int MaxSize { get; }

    public int Length => _wire.Length;

    public int QuestionCount => _questions;

    public int RecordCount => _answers + _authorities + _additionals;

    public int AnswerCount => _answers;

    /// <summary>Starts a new message; whatever was written before is discarded.</summary>
    public void Begin(ushort id, ushort flags)
    {
        _wire.Truncate(0);
        _section = 0;
        _questions = _answers = _authorities = _additionals = 0;
        _wire.WriteUInt16(id);
        _wire.WriteUInt16(flags);
        for (int i = 0; i < 4; i++)
        {
            _wire.WriteUInt16(0);
        }
    }

    /// <summary>Adds a question; false (and nothing written) when it does not fit.</summary>
    public bool TryAdd(DnsQuestion question)
    {
        ArgumentNullException.ThrowIfNull(question);
        if (_section > 0)
        {
            throw new InvalidOperationException("questions come before every record section");
        }

        int mark = _wire.Length;
        _wire.WriteName(question.Name);
        _wire.WriteUInt16((ushort)question.Type);
        _wire.WriteUInt16((ushort)(question.Class | (question.UnicastResponse ? DnsClass.TopBit : 0)));
        if (_wire.Overflowed)
        {
            _wire.Truncate(mark);
            return false;
        }

        _wire.PatchUInt16(4, (ushort)++_questions);
        return true;
    }

    /// <summary>Adds a record to a section (sections in wire order); false when it does not fit.</summary>
    public bool TryAdd(DnsSection section, DnsRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if ((int)section < _section)
        {
            throw new InvalidOperationException($"cannot go back to the {section} section");
        }

        if (section is not (DnsSection.Answer or DnsSection.Authority or DnsSection.Additional))
        {
            throw new ArgumentOutOfRangeException(nameof(section), "not a record section: " + (int)section);
        }

        int mark = _wire.Length;
        _wire.WriteName(record.Name);
        _wire.WriteUInt16((ushort)record.Type);
        _wire.WriteUInt16((ushort)(record.Class | (record.CacheFlush ? DnsClass.TopBit : 0)));
        _wire.WriteUInt32(record.Ttl);
        int lengthAt = _wire.Length;
        _wire.WriteUInt16(0);
        int dataStart = _wire.Length;
        record.WriteData(_wire);
        if (_wire.Overflowed)
        {
            _wire.Truncate(mark);
            return false;
        }

        _wire.PatchUInt16(lengthAt, (ushort)(_wire.Length - dataStart));
        _section = (int)section;
        switch (section)
        {
            case DnsSection.Answer:
                _wire.PatchUInt16(6, (ushort)++_answers);
                break;
            case DnsSection.Authority:
                _wire.PatchUInt16(8, (ushort)++_authorities);
                break;
            default:
                _wire.PatchUInt16(10, (ushort)++_additionals);
                break;
        }

        return true;
    }

    public byte[] ToArray() => _wire.ToArray();

    /// <summary>Encodes a whole message; throws <see cref="InvalidOperationException"/> above 9000 bytes.</summary>
    public static byte[] Encode(DnsMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var writer = new DnsMessageWriter();
        writer.Begin(message.Id, message.Flags);
        foreach (DnsQuestion q in message.Questions)
        {
            Require(writer.TryAdd(q));
        }

        foreach (DnsRecord r in message.Answers)
        {
            Require(writer.TryAdd(DnsSection.Answer, r));
        }

        foreach (DnsRecord r in message.Authorities)
        {
            Require(writer.TryAdd(DnsSection.Authority, r));
        }

        foreach (DnsRecord r in message.Additionals)
        {
            Require(writer.TryAdd(DnsSection.Additional, r));
        }

        return writer.ToArray();
    }

    private static void Require(bool added)
    {
        if (!added)
        {
            throw new InvalidOperationException($"the message does not fit in {DnsLimits.MaxMessageSize} bytes");
        }
    }
}
