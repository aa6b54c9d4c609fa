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

/// <summary>Names of <see cref="CommissioningPhase"/> for text a controller sees (nanoFramework's Enum.ToString prints numbers).</summary>
public static class CommissioningPhaseNames
{
    public static string Of(CommissioningPhase phase)
    {
        switch (phase)
        {
            case CommissioningPhase.AwaitingPaseRequest: return "AwaitingPaseRequest";
            case CommissioningPhase.AwaitingPaseConfirm: return "AwaitingPaseConfirm";
            case CommissioningPhase.PaseVerified: return "PaseVerified";
            case CommissioningPhase.PaseOnlySession: return "PaseOnlySession";
            case CommissioningPhase.AwaitingCertificate: return "AwaitingCertificate";
            case CommissioningPhase.Installed: return "Installed";
            case CommissioningPhase.Failed: return "Failed";
            default: return "phase " + ((int)phase).ToString();
        }
    }
}
