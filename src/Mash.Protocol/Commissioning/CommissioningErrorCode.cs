namespace Mash.Protocol.Commissioning;

/// <summary>
/// Error codes of PASEComplete, CSRResponse, CertInstallResponse and CommissioningError. Codes 0-4
/// and 255 are the reference's (a reference controller understands them); 5-8 are this firmware's
/// additions for conditions the reference never reports, each sent with a text that explains it.
/// </summary>
public enum CommissioningErrorCode : byte
{
    Success = 0,
    InvalidPublicKey = 1,
    ConfirmationFailed = 2,
    CsrFailed = 3,
    CertInstallFailed = 4,

    /// <summary>Every zone slot is taken (MASH.S.ZONE.MAX_ZONES).</summary>
    ZoneFull = 5,

    /// <summary>Another commissioning session is running.</summary>
    Busy = 6,

    /// <summary>The commissioning window is closed, or attempts are backing off after failures.</summary>
    WindowClosed = 7,

    /// <summary>A commissioning phase took longer than its timeout.</summary>
    Timeout = 8,
    Internal = 255,
}
