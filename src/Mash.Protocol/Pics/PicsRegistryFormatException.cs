using System;

namespace Mash.Protocol.Pics;

/// <summary>A registry document has a row the registry parser cannot read (the message names document and line).</summary>
public sealed class PicsRegistryFormatException : Exception
{
    public PicsRegistryFormatException()
    {
    }

    public PicsRegistryFormatException(string message)
        : base(message)
    {
    }

    public PicsRegistryFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
