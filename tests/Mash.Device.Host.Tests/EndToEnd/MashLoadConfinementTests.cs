using System;
using System.Globalization;
using System.Linq;

namespace Mash.Device.Host.Tests.EndToEnd;

/// <summary>
/// Tests never reach beyond this machine: a mash-load the fixture starts outside a network
/// namespace advertises on loopback only, and still serves TLS there.
/// </summary>
public sealed class MashLoadConfinementTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_device_started_without_an_interface_is_confined_to_loopback_and_still_serves_tls_there()
    {
        int port = FreePort.Next();
        using MashLoadProcess device = MashLoadProcess.Start(_dir.Path, "--port", port.ToString(CultureInfo.InvariantCulture));
        device.WaitForStderr(l => l.Contains("running", StringComparison.Ordinal));

        Assert.Equal(["--interface", "lo"], device.Arguments.Skip(device.Arguments.Count - 2));
        device.WaitForStderr(l => l.Contains("mdns: on lo", StringComparison.Ordinal));
        Assert.DoesNotContain(device.Stderr, l => l.Contains("mdns: on ", StringComparison.Ordinal) && !l.Contains("mdns: on lo", StringComparison.Ordinal));

        foreach (string host in new[] { "127.0.0.1", "::1" })
        {
            using var tcp = new System.Net.Sockets.TcpClient(host.Contains(':', StringComparison.Ordinal) ? System.Net.Sockets.AddressFamily.InterNetworkV6 : System.Net.Sockets.AddressFamily.InterNetwork);
            tcp.Connect(host, port);
            using var ssl = new System.Net.Security.SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
            ssl.AuthenticateAsClient(new System.Net.Security.SslClientAuthenticationOptions
            {
                TargetHost = "device",
                ApplicationProtocols = [new System.Net.Security.SslApplicationProtocol("mash/1")],
            });
            Assert.Equal("mash/1", ssl.NegotiatedApplicationProtocol.ToString());
        }

        device.Signal();
        Assert.Equal(0, device.WaitForExit());
    }

    [Fact]
    public void An_interface_the_test_chose_is_kept_as_it_is()
    {
        using MashLoadProcess device = MashLoadProcess.Start(_dir.Path, "--port", FreePort.Next().ToString(CultureInfo.InvariantCulture), "--interface", "lo");
        device.WaitForStderr(l => l.Contains("running", StringComparison.Ordinal));

        Assert.Equal(1, device.Arguments.Count(a => a == "--interface"));
        device.Signal();
        Assert.Equal(0, device.WaitForExit());
    }
}
