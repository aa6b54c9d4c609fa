using System.Security.Cryptography.X509Certificates;

namespace Mash.Device.Host.Transport;

/// <summary>A device without zones trusts no client certificate; only commissioning (no certificate) is possible.</summary>
public sealed class NoClientCertificateTrust : IClientCertificateTrust
{
    public static readonly NoClientCertificateTrust Instance = new();

    public bool IsTrusted(X509Certificate2 certificate, X509Chain? presentedChain, out string? problem)
    {
        problem = "no zone is commissioned on this device";
        return false;
    }
}
