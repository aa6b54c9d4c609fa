using System;
using System.Security.Cryptography.X509Certificates;
using Mash.Protocol.Crypto;
using Mash.Protocol.DotNet;

namespace Mash.Protocol.Certificates;

/// <summary>The same profile for a .NET certificate (the host's TLS handshake, the controller).</summary>
public static partial class EndEntityProfile
{
    /// <summary>Null when <paramref name="certificate"/> fits the profile for <paramref name="purposeOid"/>, else the reason.</summary>
    public static string? Problem(X509Certificate2 certificate, string purposeOid)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        X509Info? info = DotNetX509.Instance.Parse(certificate.RawData, out string? problem);
        return info is null ? problem : Problem(info, purposeOid);
    }
}
