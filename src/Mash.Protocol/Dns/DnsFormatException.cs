using System;

namespace Mash.Protocol.Dns;

/// <summary>
/// A DNS message that cannot be decoded: truncated, over a limit, with a compression loop or a
/// forward pointer, or with record data that does not match its declared length. The decoder
/// throws nothing else for bad input, so a receiver can drop the packet with one catch.
/// </summary>
public sealed class DnsFormatException : FormatException
{
    public DnsFormatException(string message)
        : base(message)
    {
    }

    public DnsFormatException()
    {
    }

    public DnsFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
