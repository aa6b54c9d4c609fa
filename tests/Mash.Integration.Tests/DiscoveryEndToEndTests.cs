using System;
using System.Globalization;
using System.IO;
using Mash.Device.Host.Tests;
using Mash.Device.Host.Tests.Discovery;
using Mash.Device.Host.Tests.EndToEnd;

namespace Mash.Integration.Tests;

/// <summary>
/// Two hosts (network namespaces on a veth pair): mash-load on one; on the other, mashctl pairs it
/// and Debian's avahi-browse watches the commissionable instance go and the operational
/// "&lt;zone-id&gt;-&lt;device-id&gt;" instance appear.
/// </summary>
public sealed class DiscoveryEndToEndTests
{
    private const int Port = 18453;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [SkippableFact]
    public void After_commissioning_the_operational_instance_is_advertised_and_the_commissionable_one_withdrawn()
    {
        string? why = VethNamespaces.WhyUnavailable();
        Skip.If(why is not null, why);
        foreach (string tool in AvahiBrowser.Tools)
        {
            Assert.True(Shell.OnPath(tool), tool + " is missing: install avahi-daemon avahi-utils dbus (.ci/run does)");
        }

        using VethNamespaces net = VethNamespaces.Create();
        using var data = new TempDirectory();
        using AvahiBrowser commissionable = AvahiBrowser.Start(net.PeerNamespace, "_mashc._udp");
        using AvahiBrowser operational = AvahiBrowser.Start(net.PeerNamespace, "_mash._tcp");
        using MashLoadProcess device = MashLoadProcess.StartInNamespace(
            net.DeviceNamespace,
            data.Path,
            "--data", data.File("flash"),
            "--port", Port.ToString(CultureInfo.InvariantCulture),
            "--interface", net.DeviceInterface,
            "--setup-code", "20252026",
            "--discriminator", "1234");
        string deviceId = device.WaitForStdout(l => l.StartsWith("device-id: ", StringComparison.Ordinal))["device-id: ".Length..];
        commissionable.WaitFor(l => l.StartsWith("=;", StringComparison.Ordinal) && l.Contains(";MASH-1234;_mashc._udp;", StringComparison.Ordinal), Wait);

        string state = data.File("mashctl");
        string output = Shell.Check(
            "ip", "netns", "exec", net.PeerNamespace,
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", Path.Combine(AppContext.BaseDirectory, "mashctl.dll"),
            "--state", state, "commission", "MASH:1:1234:20252026", "--address", $"{VethNamespaces.DeviceAddress}:{Port}", "--json");
        Assert.Contains(deviceId, output, StringComparison.Ordinal);

        string resolved = operational.WaitFor(l => l.StartsWith("=;", StringComparison.Ordinal) && l.Contains("-" + deviceId + ";_mash._tcp;", StringComparison.Ordinal), Wait);
        string[] f = resolved.Split(';');
        string zoneId = f[3][..16];
        Assert.Matches("^[0-9a-f]{16}$", zoneId);
        Assert.Contains($"\"ZI={zoneId}\"", f[9], StringComparison.Ordinal);
        Assert.Contains($"\"DI={deviceId}\"", f[9], StringComparison.Ordinal);
        Assert.Equal(Port.ToString(CultureInfo.InvariantCulture), f[8]);

        // The window closed with the pairing: the commissionable instance is withdrawn (goodbye).
        commissionable.WaitFor(l => l.StartsWith("-;", StringComparison.Ordinal) && l.Contains(";MASH-1234;_mashc._udp;", StringComparison.Ordinal), Wait);

        device.Signal();
        Assert.Equal(0, device.WaitForExit());
        operational.WaitFor(l => l.StartsWith("-;", StringComparison.Ordinal) && l.Contains("-" + deviceId + ";_mash._tcp;", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
    }
}
