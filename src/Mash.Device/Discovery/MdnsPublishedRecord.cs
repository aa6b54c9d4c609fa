using System;
using Mash.Protocol.Dns;

namespace Mash.Device.Discovery;

/// <summary>A record on the network, with its announcement and rate-limit bookkeeping.</summary>
internal sealed class MdnsPublishedRecord
{
    /// <summary>"Never multicast": far enough back that any rate-limit check passes, without overflow.</summary>
    public static readonly TimeSpan Never = TimeSpan.FromDays(-3650);

    public MdnsPublishedRecord(DnsRecord record)
    {
        Record = record;
    }

    public DnsRecord Record { get; }

    public bool Live { get; set; } = true;

    public int AnnouncementsLeft { get; set; }

    public TimeSpan NextAnnounceAt { get; set; }

    public TimeSpan LastMulticastV4 { get; set; } = Never;

    public TimeSpan LastMulticastV6 { get; set; } = Never;
}
