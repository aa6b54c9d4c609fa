using System.Security.Cryptography.X509Certificates;

namespace Mash.Device.Host.Transport;

/// <summary>
/// Decides, during the TLS handshake and on a TLS thread, whether a controller's certificate is
/// acceptable (it chains to a stored Zone CA and is valid now). Must be thread-safe; the zone
/// store publishes an immutable snapshot of its CAs.
/// </summary>
public interface IClientCertificateTrust
{
    bool IsTrusted(X509Certificate2 certificate, X509Chain? presentedChain, out string? problem);
}
