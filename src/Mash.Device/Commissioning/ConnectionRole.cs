namespace Mash.Device.Commissioning;

public enum ConnectionRole
{
    /// <summary>No client certificate: running PASE (and maybe CSR and certificate installation).</summary>
    Commissioning,

    /// <summary>
    /// PASE succeeded but the controller went on without installing a certificate (the reference
    /// at ff91184~1 does this): requests are served on this connection, but no zone is stored.
    /// </summary>
    PaseSession,

    /// <summary>Mutual TLS with a certificate of a stored zone, or a zone installed on this connection.</summary>
    Operational,
}
