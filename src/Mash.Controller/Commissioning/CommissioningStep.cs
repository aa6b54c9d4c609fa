namespace Mash.Controller.Commissioning;

/// <summary>
/// The phases of commissioning, reported through progress as each one begins; <see cref="Done"/>
/// is reported once everything succeeded and the device record is saved.
/// </summary>
public enum CommissioningStep
{
    /// <summary>TCP and the TLS 1.3 handshake (no client certificate; PASE authenticates).</summary>
    Connect,

    /// <summary>SPAKE2+ with the setup code: PaseRequest, PaseResponse, PaseConfirm, PaseComplete.</summary>
    Pase,

    /// <summary>CsrRequest and CsrResponse; the Zone CA signs the device's CSR.</summary>
    Csr,

    /// <summary>CertInstall, CertInstallResponse and the CommissioningComplete exchange.</summary>
    Certificate,

    Done,
}
