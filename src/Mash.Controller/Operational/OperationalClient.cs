using System;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Mash.Controller.State;
using Mash.Controller.Transport;

namespace Mash.Controller.Operational;

/// <summary>
/// Connections to commissioned devices: mutual TLS with the controller certificate, SNI set to
/// the zone ID so the device presents the certificate it holds for our zone, and the device's
/// certificate accepted only if it chains to our Zone CA and carries the key we certified.
/// </summary>
public static class OperationalClient
{
    /// <summary>Connection options for <paramref name="device"/>; adjust timeouts or logging through the optional parameters.</summary>
    /// <exception cref="ControllerStateException">The state has no zone (nothing was commissioned with it).</exception>
    public static MashConnectionOptions CreateOptions(ControllerState state, DeviceRecord device, TimeProvider? timeProvider = null, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(device);
        if (state.Zone is null || state.ControllerCertificate is null)
        {
            throw new ControllerStateException($"the controller state in {state.DirectoryPath} has no zone yet; commission a device first");
        }

        DeviceAddress address = device.Endpoint;
        ServerCertificateValidator chainsToZone = ServerCertificateValidators.ChainsTo(state.Zone.Certificate);
        byte[] expectedKey;
        using (X509Certificate2 issued = X509CertificateLoader.LoadCertificate(device.OperationalCertificate))
        {
            expectedKey = issued.PublicKey.ExportSubjectPublicKeyInfo();
        }

        // Any device of the zone chains to the CA; the key check makes sure it is this one.
        bool IsThisDevice(X509Certificate2 certificate, X509Chain? chain, System.Net.Security.SslPolicyErrors errors) =>
            chainsToZone(certificate, chain, errors)
            && certificate.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(expectedKey);

        return new MashConnectionOptions(address.Host, address.Port)
        {
            ClientCertificate = state.ControllerCertificate,
            ServerCertificateValidator = IsThisDevice,
            TargetHost = device.ZoneId,
            InitialMode = MashConnectionMode.Requests,
            TimeProvider = timeProvider ?? TimeProvider.System,
            Log = log,
        };
    }

    /// <summary>Connects to a commissioned device and records it as seen.</summary>
    /// <exception cref="MashConnectionException">Dial or TLS failed, including a device certificate that is not the one we issued.</exception>
    /// <exception cref="TimeoutException">Connect plus handshake took too long.</exception>
    public static async Task<MashConnection> ConnectAsync(ControllerState state, DeviceRecord device, CancellationToken cancellationToken = default)
    {
        MashConnectionOptions options = CreateOptions(state, device);
        MashConnection connection = await MashConnection.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
        try
        {
            state.MarkSeen(device.DeviceId, options.TimeProvider.GetUtcNow());
        }
        catch (ControllerStateException ex)
        {
            // Last-seen is a convenience; a read-only state must not stop operational use.
            options.Log?.Invoke("could not record last-seen: " + ex.Message);
        }

        return connection;
    }
}
