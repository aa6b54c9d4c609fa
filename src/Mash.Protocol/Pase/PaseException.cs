using System;

namespace Mash.Protocol.Pase;

/// <summary>
/// A PASE (SPAKE2+) input from the peer or from storage is unusable: a malformed or invalid
/// point, or a corrupt verifier. Messages describe the defect only, never secret values, so they
/// are safe to log and to map to the commissioning error "invalid public key".
/// </summary>
public sealed class PaseException : Exception
{
    public PaseException(string message)
        : base(message)
    {
    }

    public PaseException()
    {
    }

    public PaseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
