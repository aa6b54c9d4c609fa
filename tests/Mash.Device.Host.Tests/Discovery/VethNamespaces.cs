using System;
using System.Globalization;

namespace Mash.Device.Host.Tests.Discovery;

/// <summary>
/// Two fresh network namespaces joined by a veth pair: a private two-host LAN with IPv4 and
/// IPv6 link-local addresses, for multicast tests that must not touch the machine's network.
/// Names are unique per instance; Dispose deletes both namespaces (which removes the pair).
/// </summary>
internal sealed class VethNamespaces : IDisposable
{
    public const string DeviceAddress = "10.77.0.1";
    public const string PeerAddress = "10.77.0.2";

    private VethNamespaces(string tag)
    {
        DeviceNamespace = "mash-dev-" + tag;
        PeerNamespace = "mash-peer-" + tag;
        DeviceInterface = "mvd" + tag;
        PeerInterface = "mvp" + tag;
    }

    public string DeviceNamespace { get; }

    public string PeerNamespace { get; }

    public string DeviceInterface { get; }

    public string PeerInterface { get; }

    /// <summary>Null when namespaces can be made here, otherwise why not (for a skip message).</summary>
    public static string? WhyUnavailable()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "network namespaces need Linux";
        }

        if (!Environment.IsPrivilegedProcess)
        {
            return "network namespace tests need root (ip netns add)";
        }

        if (!Shell.OnPath("ip"))
        {
            return "the ip tool (iproute2) is not installed";
        }

        string probe = "mash-probe-" + Tag();
        (int code, _, string stderr) = Shell.Run("ip", "netns", "add", probe);
        if (code != 0)
        {
            return "ip netns is not usable here: " + stderr.Trim();
        }

        Shell.Run("ip", "netns", "del", probe);
        return null;
    }

    public static VethNamespaces Create()
    {
        var net = new VethNamespaces(Tag());
        try
        {
            net.Setup();
            return net;
        }
        catch
        {
            net.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Shell.Run("ip", "netns", "del", DeviceNamespace);
        Shell.Run("ip", "netns", "del", PeerNamespace);
    }

    // Interface names are at most 15 characters: "mvd" + 8 hex digits.
    private static string Tag() => Guid.NewGuid().ToString("N").Substring(0, 8).ToLower(CultureInfo.InvariantCulture);

    private void Setup()
    {
        Shell.Check("ip", "netns", "add", DeviceNamespace);
        Shell.Check("ip", "netns", "add", PeerNamespace);
        Shell.Check("ip", "link", "add", DeviceInterface, "type", "veth", "peer", "name", PeerInterface);
        Shell.Check("ip", "link", "set", DeviceInterface, "netns", DeviceNamespace);
        Shell.Check("ip", "link", "set", PeerInterface, "netns", PeerNamespace);
        Configure(DeviceNamespace, DeviceInterface, DeviceAddress);
        Configure(PeerNamespace, PeerInterface, PeerAddress);
    }

    private static void Configure(string ns, string link, string address)
    {
        // Without duplicate address detection the IPv6 link-local address is usable at once.
        Shell.Check("ip", "netns", "exec", ns, "sysctl", "-qw", $"net.ipv6.conf.{link}.accept_dad=0");
        Shell.Check("ip", "-n", ns, "link", "set", "lo", "up");
        Shell.Check("ip", "-n", ns, "addr", "add", address + "/24", "dev", link);
        Shell.Check("ip", "-n", ns, "link", "set", link, "up");
    }
}
