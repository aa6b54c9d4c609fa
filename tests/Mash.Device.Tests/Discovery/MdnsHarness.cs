using System;
using System.Collections.Generic;
using Mash.Device.Discovery;
using Mash.Device.Platform;
using Mash.Device.Runtime;
using Mash.Protocol.Dns;

namespace Mash.Device.Tests.Discovery;

/// <summary>
/// One responder on a virtual clock with a transport that records every packet decoded, and
/// helpers to play the other hosts on the link.
/// </summary>
internal sealed class MdnsHarness
{
    public const string HostLabel = "mash-0123456789abcdef";

    public static readonly byte[] OwnV4 = { 10, 0, 0, 1 };
    public static readonly byte[] OwnV6 = { 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };
    public static readonly MdnsEndpoint Peer4 = new(new byte[] { 10, 0, 0, 9 }, MdnsEndpoint.MdnsPort);
    public static readonly MdnsEndpoint Peer6 = new(new byte[] { 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9 }, MdnsEndpoint.MdnsPort);
    public static readonly DnsName HostName = DnsName.Parse(HostLabel + ".local");
    public static readonly DnsName MashcType = DnsName.Parse("_mashc._udp.local");
    public static readonly DnsName Instance = DnsName.Parse("MASH-1234._mashc._udp.local");

    public MdnsHarness(byte randomByte = 0, RecordingTransport? transport = null)
    {
        Scheduler = new Scheduler(Clock, Log);
        Random = new FixedRandom(randomByte);
        Transport = transport ?? new RecordingTransport(Clock);
        Responder = new MdnsResponder(Scheduler, Transport, Random, Log, HostLabel);
    }

    public VirtualClock Clock { get; } = new();

    public CollectingLogSink Log { get; } = new();

    public Scheduler Scheduler { get; }

    public FixedRandom Random { get; }

    public RecordingTransport Transport { get; }

    public MdnsResponder Responder { get; }

    public static DnsSdService Commissionable(string txtD = "1234", ushort port = 8443) =>
        new("MASH-1234", "_mashc._udp", port, new[] { "D=" + txtD, "cat=4" });

    /// <summary>Addresses and the commissionable service, started and past probing and announcing.</summary>
    public MdnsHarness Claimed(params DnsSdService[] services)
    {
        Responder.SetAddresses(new[] { OwnV4, OwnV6 });
        Responder.SetServices(services.Length == 0 ? new[] { Commissionable() } : services);
        Responder.Start();
        Run(TimeSpan.FromSeconds(10));
        Transport.Sent.Clear();
        return this;
    }

    public void Run(TimeSpan span) => VirtualTime.RunFor(Scheduler, Clock, span);

    public void RunMs(int milliseconds) => Run(TimeSpan.FromMilliseconds(milliseconds));

    /// <summary>Hands a packet to the responder as the platform would, then runs what became due.</summary>
    public void Deliver(DnsMessage message, MdnsEndpoint from)
    {
        byte[] wire = message.Encode();
        Scheduler.Post(() => Responder.Receive(wire, wire.Length, from));
        VirtualTime.RunUntilIdle(Scheduler);
    }

    public void DeliverRaw(byte[] wire, MdnsEndpoint from)
    {
        Scheduler.Post(() => Responder.Receive(wire, wire.Length, from));
        VirtualTime.RunUntilIdle(Scheduler);
    }

    public static DnsMessage Query(DnsName name, DnsRecordType type, bool qu = false, params DnsRecord[] knownAnswers) =>
        new(0, 0, new[] { new DnsQuestion(name, type, qu) }, knownAnswers);

    public static DnsMessage Response(params DnsRecord[] answers) => new(0, DnsMessage.MdnsResponseFlags, answers: answers);

    /// <summary>A random source that always returns the same byte: every random delay is its minimum (0) or a fixed point in range.</summary>
    internal sealed class FixedRandom : IRandomSource
    {
        public FixedRandom(byte value)
        {
            Value = value;
        }

        public byte Value { get; set; }

        public void Fill(byte[] destination) => Array.Fill(destination, Value);
    }
}

/// <summary>Every packet the responder sent, decoded, with the virtual time it left.</summary>
internal sealed class RecordingTransport : IMulticastTransport
{
    private readonly VirtualClock _clock;

    public RecordingTransport(VirtualClock clock)
    {
        _clock = clock;
    }

    public List<SentPacket> Sent { get; } = new();

    public void Send(byte[] packet, int length, MdnsEndpoint destination)
    {
        Assert.True(length <= DnsLimits.MaxUnfragmentedSize, $"a {length}-byte packet would fragment");
        Sent.Add(new SentPacket(_clock.Monotonic, destination, DnsMessageReader.Decode(packet, length)));
    }

    /// <summary>Packets to the IPv4 group only: every multicast goes to both groups alike.</summary>
    public List<SentPacket> MulticastV4()
    {
        var list = new List<SentPacket>();
        foreach (SentPacket p in Sent)
        {
            if (p.Destination.Equals(MdnsEndpoint.MulticastV4))
            {
                list.Add(p);
            }
        }

        return list;
    }
}

internal sealed record SentPacket(TimeSpan At, MdnsEndpoint Destination, DnsMessage Message)
{
    public bool IsProbe => !Message.IsResponse && Message.Authorities.Length > 0;

    public bool Has(DnsRecordType type, DnsName name, bool inAnswers = true)
    {
        foreach (DnsRecord r in inAnswers ? Message.Answers : Message.Additionals)
        {
            if (r.Type == type && r.Name.Equals(name))
            {
                return true;
            }
        }

        return false;
    }

    public DnsRecord Answer(DnsRecordType type, DnsName name)
    {
        foreach (DnsRecord r in Message.Answers)
        {
            if (r.Type == type && r.Name.Equals(name))
            {
                return r;
            }
        }

        throw new InvalidOperationException($"no {type} {name} among the answers at {At}");
    }

    public override string ToString() => $"{At.TotalMilliseconds} ms -> {Destination}: {Message.Questions.Length}q {Message.Answers.Length}an {Message.Authorities.Length}ns {Message.Additionals.Length}ar";
}
