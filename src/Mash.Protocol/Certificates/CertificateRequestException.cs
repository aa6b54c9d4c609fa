using System;

namespace Mash.Protocol.Certificates;

/// <summary>
/// A certificate signing request cannot be honoured: it does not parse, its signature does not
/// verify, or its key is not ECDSA P-256. The message says which, and never includes key material.
/// </summary>
public sealed class CertificateRequestException : Exception
{
    public CertificateRequestException()
    {
    }

    public CertificateRequestException(string message)
        : base(message)
    {
    }

    public CertificateRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
