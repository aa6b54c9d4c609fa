using System.Security.Cryptography.X509Certificates;

namespace Mash.Device.Transport;

/// <summary>
/// What the TLS handshake established about the peer. A controller presents no certificate while
/// commissioning; an operational controller presents its zone certificate, which the platform has
/// already verified against the stored Zone CAs during the handshake.
/// </summary>
public sealed class PeerCredentials
{
    public static readonly PeerCredentials Anonymous = new(null, null);

    public PeerCredentials(X509Certificate2? clientCertificate, string? cipherSuite, long acceptOrder = 0)
    {
        ClientCertificate = clientCertificate;
        CipherSuite = cipherSuite;
        AcceptOrder = acceptOrder;
    }

    /// <summary>The verified client certificate, or null when the peer sent none.</summary>
    public X509Certificate2? ClientCertificate { get; }

    public string? CipherSuite { get; }

    public bool IsAnonymous => ClientCertificate is null;

    /// <summary>
    /// Rises with every TCP accept (0 when unknown). Handshakes finish in any order, so this, not
    /// the order of opening, says which of two connections of one zone is the newer.
    /// </summary>
    public long AcceptOrder { get; }
}
