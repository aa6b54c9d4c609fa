namespace Mash.Protocol.Commissioning;

/// <summary>Status of a renewal Ack (the reference's values).</summary>
public enum RenewalStatus : byte
{
    Success = 0,
    CsrFailed = 1,

    /// <summary>An Install arrived without a pending CSR (the reference calls it install failed).</summary>
    NothingPending = 2,

    /// <summary>The certificate is invalid, from another CA, or not for the pending key.</summary>
    InvalidCertificate = 3,
}
