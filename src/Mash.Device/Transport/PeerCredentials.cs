namespace Mash.Device.Transport;

/// <summary>
/// What the TLS handshake established about the peer. A controller presents no certificate while
/// commissioning; an operational controller presents its zone certificate, which the platform has
/// already verified against the stored Zone CAs during the handshake (the core checks it again
/// when it picks the zone, with its own time rule: Zones.ZoneStore.FindByClientCertificate).
/// </summary>
public sealed class PeerCredentials
{
    public static readonly PeerCredentials Anonymous = new(null, null, null);

    /// <param name="clientCertificateDer">The client certificate as DER, or null when the peer sent none.</param>
    /// <param name="clientSubject">Its subject as text, for logs (null without a certificate; the platform's TLS has it parsed anyway).</param>
    /// <param name="cipherSuite">The negotiated cipher suite's name, for logs.</param>
    /// <param name="acceptOrder">See <see cref="AcceptOrder"/>.</param>
    public PeerCredentials(byte[]? clientCertificateDer, string? clientSubject, string? cipherSuite, long acceptOrder = 0)
    {
        ClientCertificateDer = clientCertificateDer;
        ClientSubject = clientSubject;
        CipherSuite = cipherSuite;
        AcceptOrder = acceptOrder;
    }

    /// <summary>The verified client certificate (DER), or null when the peer sent none.</summary>
    public byte[]? ClientCertificateDer { get; }

    /// <summary>The client certificate's subject, for logs.</summary>
    public string? ClientSubject { get; }

    public string? CipherSuite { get; }

    public bool IsAnonymous => ClientCertificateDer is null;

    /// <summary>
    /// Rises with every TCP accept (0 when unknown). Handshakes finish in any order, so this, not
    /// the order of opening, says which of two connections of one zone is the newer.
    /// </summary>
    public long AcceptOrder { get; }
}
