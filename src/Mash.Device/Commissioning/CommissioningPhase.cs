namespace Mash.Device.Commissioning;

public enum CommissioningPhase
{
    AwaitingPaseRequest,
    AwaitingPaseConfirm,

    /// <summary>PASE done; a CSR request (or the first interaction request) may follow.</summary>
    PaseVerified,

    /// <summary>CSR sent; waiting for the certificate.</summary>
    AwaitingCertificate,

    /// <summary>Zone stored; the connection serves that zone.</summary>
    Installed,

    Failed,
}
