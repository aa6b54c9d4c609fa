using System;

namespace Mash.Protocol.Wire;

/// <summary>
/// CBOR input is not well-formed (truncated, reserved additional information, a break outside an
/// indefinite container, invalid UTF-8, ...), as <see cref="CborReader"/> finds it.
/// </summary>
public sealed class CborContentException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    public CborContentException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public CborContentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
