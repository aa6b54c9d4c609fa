namespace Mash.Device.Commissioning;

public enum CommissioningPhase
{
    AwaitingPaseRequest,
    AwaitingPaseConfirm,

    /// <summary>PASE done; only a CSR request may follow, within the CSR timeout (with --pase-only-sessions also requests).</summary>
    PaseVerified,

    /// <summary>--pase-only-sessions: the CSR deadline passed; the connection is a temporary zone and no longer commissioning.</summary>
    PaseOnlySession,

    /// <summary>CSR sent; waiting for the certificate.</summary>
    AwaitingCertificate,

    /// <summary>Zone stored; the connection serves that zone.</summary>
    Installed,

    Failed,
}
