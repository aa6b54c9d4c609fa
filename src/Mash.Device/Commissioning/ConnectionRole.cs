namespace Mash.Device.Commissioning;

public enum ConnectionRole
{
    /// <summary>No client certificate: running PASE (and maybe CSR and certificate installation).</summary>
    Commissioning,

    /// <summary>
    /// PASE succeeded and the controller operates without installing a certificate (the reference
    /// at ff91184~1 does this); only with mash-load --pase-only-sessions. A temporary USER_APP
    /// zone: requests are served on this connection, but nothing is stored or kept after it.
    /// </summary>
    PaseSession,

    /// <summary>Mutual TLS with a certificate of a stored zone, or a zone installed on this connection.</summary>
    Operational,
}
