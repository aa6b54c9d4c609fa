namespace Mash.Protocol.Commissioning;

/// <summary>Key 1 of a commissioning message, as the reference numbers them (pkg/commissioning/messages.go).</summary>
public enum CommissioningMessageType : byte
{
    PaseRequest = 1,
    PaseResponse = 2,
    PaseConfirm = 3,
    PaseComplete = 4,
    CsrRequest = 10,
    CsrResponse = 11,
    CertInstall = 12,
    CertInstallResponse = 13,
    CommissioningComplete = 20,
    Error = 255,
}
