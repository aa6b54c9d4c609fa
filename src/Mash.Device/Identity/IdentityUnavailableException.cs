using System;

namespace Mash.Device.Identity;

/// <summary>The stored identity cannot be used; the message tells the user how to recover.</summary>
public sealed class IdentityUnavailableException : Exception
{
    public IdentityUnavailableException(string message)
        : base(message)
    {
    }

    public IdentityUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public IdentityUnavailableException()
    {
    }
}
