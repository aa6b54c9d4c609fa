using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Threading;
using System.Threading.Tasks;
using Mash.Controller.Transport;

namespace Mash.Soak;

/// <summary>
/// Connect/disconnect cycles through the device's spare connection slot (five are held by the
/// zones): three in four are a clean TLS connection closed with a MASH close, one in four an
/// abrupt kill (a TCP reset right after connect, after the TLS handshake, or in the middle of a
/// frame). A connection the device refuses (slot taken by the commissioning loop) is retried.
/// </summary>
internal sealed class ConnectionChurn(int port, int cycles)
{
    private static readonly byte[] PartialFrame = [0x00, 0x00, 0x01, 0x00, 0xA5, 0x01];

    private long _refused;

    public int Completed { get; private set; }

    public int Abrupt { get; private set; }

    public long Refused => Interlocked.Read(ref _refused);

    public async Task RunAsync(CancellationToken stop)
    {
        while (Completed < cycles && !stop.IsCancellationRequested)
        {
            int kind = Completed % 4;
            bool done = kind switch
            {
                3 => await AbruptAsync(Completed / 4 % 3, stop),
                _ => await CleanAsync(stop),
            };
            if (done)
            {
                Completed++;
                Abrupt += kind == 3 ? 1 : 0;
            }
            else
            {
                Interlocked.Increment(ref _refused);
                await Task.Delay(20, stop).ConfigureAwait(false);
            }
        }
    }

    private async Task<bool> CleanAsync(CancellationToken stop)
    {
        try
        {
            MashConnection connection = await MashConnection.ConnectAsync(MashConnectionOptions.ForCommissioning("::1", port), stop).ConfigureAwait(false);
            await connection.DisposeAsync().ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is MashConnectionException or IOException or TimeoutException or SocketException)
        {
            return false;
        }
    }

    /// <summary>0: reset right after TCP connect; 1: after the TLS handshake; 2: after half a frame.</summary>
    private async Task<bool> AbruptAsync(int variant, CancellationToken stop)
    {
        using var client = new TcpClient(AddressFamily.InterNetworkV6);
        try
        {
            await client.ConnectAsync(IPAddress.IPv6Loopback, port, stop).ConfigureAwait(false);
            if (variant > 0)
            {
                using var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: true);
                await tls.AuthenticateAsClientAsync(
                    new SslClientAuthenticationOptions
                    {
                        TargetHost = "mash-device",
                        EnabledSslProtocols = SslProtocols.Tls13,
                        ApplicationProtocols = [new SslApplicationProtocol(MashConnection.ApplicationProtocol)],
                        RemoteCertificateValidationCallback = static (_, _, _, _) => true,
                    },
                    stop).ConfigureAwait(false);
                if (variant == 2)
                {
                    await tls.WriteAsync(PartialFrame, stop).ConfigureAwait(false);
                    await tls.FlushAsync(stop).ConfigureAwait(false);
                }
            }

            return true;
        }
        catch (Exception ex) when (ex is IOException or AuthenticationException or SocketException)
        {
            return false;
        }
        finally
        {
            // Linger 0: close sends a reset instead of a FIN, as a pulled cable or a crashed app would.
            if (client.Client.Connected)
            {
                client.Client.LingerState = new LingerOption(true, 0);
            }

            client.Client.Close();
        }
    }
}
