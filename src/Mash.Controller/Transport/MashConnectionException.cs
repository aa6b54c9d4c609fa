using System;
using System.IO;

namespace Mash.Controller.Transport;

/// <summary>
/// A connection could not be established (dial, TLS, ALPN), or an operation failed because the
/// connection has ended; then <see cref="CloseInfo"/> says why.
/// </summary>
public sealed class MashConnectionException : IOException
{
    /// <summary>Creates the exception with a default message.</summary>
    public MashConnectionException()
        : base("MASH connection failed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public MashConnectionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public MashConnectionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for an operation on a connection that has ended.</summary>
    public MashConnectionException(ConnectionClosedInfo closeInfo)
        : base("The MASH connection has ended: " + (closeInfo ?? throw new ArgumentNullException(nameof(closeInfo))).Reason, closeInfo.Error)
    {
        CloseInfo = closeInfo;
    }

    /// <summary>How the connection ended, when this exception reports an ended connection.</summary>
    public ConnectionClosedInfo? CloseInfo { get; }
}
