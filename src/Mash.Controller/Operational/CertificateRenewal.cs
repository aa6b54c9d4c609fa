using System;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Mash.Controller.State;
using Mash.Controller.Transport;
using Mash.Protocol.Commissioning;

namespace Mash.Controller.Operational;

/// <summary>
/// Renews a device's operational certificate inside an open operational session (messages
/// 30-33): the device makes a new key and CSR, we sign it with our Zone CA, the device installs
/// it. The device keeps its old certificate until the new one is stored, so a renewal cut off
/// halfway changes nothing. The session stays up; the new certificate is used from the next
/// handshake, and the device record is updated to expect it.
/// </summary>
public static class CertificateRenewal
{
    /// <summary>Start renewing this long before the certificate expires (security.md 3.1).</summary>
    public static readonly TimeSpan Window = TimeSpan.FromDays(30);

    public static bool IsDue(DeviceRecord device, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(device);
        using X509Certificate2 current = X509CertificateLoader.LoadCertificate(device.OperationalCertificate);
        return current.NotAfter - now <= Window;
    }

    public static async Task<DeviceRecord> RenewAsync(MashConnection connection, ControllerState state, DeviceRecord device, uint sequence, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(device);
        if (state.Zone is null)
        {
            throw new ControllerStateException("the controller state has no zone");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        await connection.SendFrameAsync(RenewalMessage.NewRequest(RandomNumberGenerator.GetBytes(32)).Encode(), timeout.Token).ConfigureAwait(false);
        RenewalMessage csr = RenewalMessage.Decode((await connection.ReceiveFrameAsync(timeout.Token).ConfigureAwait(false)).ToArray());
        if (csr.Type != RenewalMessage.Csr)
        {
            throw new InvalidOperationException($"renewal: the device answered with message {csr.Type} instead of a CSR");
        }

        using X509Certificate2 issued = state.Zone.IssueOperationalCertificate(csr.Data, DateTimeOffset.UtcNow);
        await connection.SendFrameAsync(RenewalMessage.NewInstall(issued.RawData, sequence).Encode(), timeout.Token).ConfigureAwait(false);
        RenewalMessage ack = RenewalMessage.Decode((await connection.ReceiveFrameAsync(timeout.Token).ConfigureAwait(false)).ToArray());
        if (ack.Type != RenewalMessage.Ack || ack.Status != RenewalStatus.Success)
        {
            throw new InvalidOperationException($"renewal: the device refused the new certificate (status {ack.Status})");
        }

        DeviceRecord renewed = device with { OperationalCertificate = issued.RawData };
        state.SaveDevice(renewed);
        return renewed;
    }
}
