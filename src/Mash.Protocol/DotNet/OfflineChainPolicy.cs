using System.Security.Cryptography.X509Certificates;

namespace Mash.Protocol.DotNet;

/// <summary>
/// The only chain policy the device and the controller build with: trust only the anchors given
/// (no system store), no revocation lookups, and never a download. A peer's certificate can name
/// a URL where its issuer "lives"; the default policy would fetch it, a request to wherever a
/// hostile peer points, and hang the TLS handshake until it times out.
/// </summary>
public static class OfflineChainPolicy
{
    public static X509ChainPolicy Create(params X509Certificate2[] anchors)
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
            DisableCertificateDownloads = true,
        };
        policy.CustomTrustStore.AddRange(anchors);
        return policy;
    }
}
