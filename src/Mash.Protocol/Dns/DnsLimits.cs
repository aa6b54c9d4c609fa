namespace Mash.Protocol.Dns;

/// <summary>Bounds the codec enforces on every message it reads or writes.</summary>
public static class DnsLimits
{
    /// <summary>RFC 6762 section 17: the largest mDNS message, jumbo frames included.</summary>
    public const int MaxMessageSize = 9000;

    /// <summary>
    /// What a responder should put in one multicast packet so it is never fragmented on an
    /// Ethernet link (1500 MTU minus IPv6 and UDP headers, with room to spare).
    /// </summary>
    public const int MaxUnfragmentedSize = 1400;

    public const int HeaderSize = 12;
    public const int MaxLabelLength = 63;

    /// <summary>Wire length of a name: every label with its length byte, plus the root byte.</summary>
    public const int MaxNameLength = 255;

    /// <summary>Length of one character-string (one TXT entry).</summary>
    public const int MaxCharacterStringLength = 255;
}
