using System;
using Mash.Protocol.Dns;

namespace Mash.Device.Discovery;

/// <summary>An answer waiting for its multicast time (random delay, rate limit, suppression).</summary>
internal sealed class MdnsPendingAnswer
{
    public MdnsPendingAnswer(DnsRecord record, MdnsPublishedRecord? source, bool ipv6, TimeSpan due, MdnsEndpoint? querier, bool probeDefense)
    {
        Record = record;
        Source = source;
        IPv6 = ipv6;
        Due = due;
        Querier = querier;
        ProbeDefense = probeDefense;
    }

    public DnsRecord Record { get; }

    /// <summary>The published record answered; null for a synthesized NSEC.</summary>
    public MdnsPublishedRecord? Source { get; }

    public bool IPv6 { get; }

    public TimeSpan Due { get; set; }

    /// <summary>Who asked, while it was one querier (for its follow-up known answers).</summary>
    public MdnsEndpoint? Querier { get; set; }

    public bool ProbeDefense { get; set; }
}
