namespace Mash.Protocol.Dns;

/// <summary>The record sections of a message, in wire order.</summary>
public enum DnsSection
{
    Answer = 1,
    Authority = 2,
    Additional = 3,
}
