namespace Mash.Protocol.Dns;

/// <summary>The resource record types mDNS/DNS-SD needs; any other value decodes as an unknown record.</summary>
public enum DnsRecordType
{
    A = 1,
    // The DNS mnemonic, not the IntPtr sense the analyzer guards against.
#pragma warning disable CA1720
    Ptr = 12,
#pragma warning restore CA1720
    Txt = 16,
    Aaaa = 28,
    Srv = 33,
    Nsec = 47,

    /// <summary>Only in questions: every record of the name.</summary>
    Any = 255,
}
