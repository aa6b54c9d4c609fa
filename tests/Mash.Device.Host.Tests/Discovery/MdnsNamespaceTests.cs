using System;
using System.Collections.Generic;
using System.Net;
using Mash.Device.Host.Tests.EndToEnd;
using Mash.Protocol.Dns;

namespace Mash.Device.Host.Tests.Discovery;

/// <summary>
/// mash-load on a private two-host LAN (two network namespaces joined by a veth pair), seen from
/// the other host by resolvers we did not write: Debian's avahi-browse (with its own
/// avahi-daemon) and dig (legacy unicast DNS to port 5353).
/// </summary>
/// <remarks>
/// Still to come once commissioning exists: commission the device from the peer namespace and
/// check that avahi-browse sees the operational "_mash._tcp" instance "&lt;zone-id&gt;-&lt;device-id&gt;"
/// with TXT ZI and DI (and that "_mashc._udp" goes away when the window closes).
/// </remarks>
[Trait("Category", "Integration")]
public sealed class MdnsNamespaceTests
{
    private const int Port = 18443;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [SkippableFact]
    public void Avahi_in_another_namespace_resolves_the_commissionable_instance_and_sees_its_goodbye()
    {
        string? why = VethNamespaces.WhyUnavailable();
        Skip.If(why is not null, why);
        RequireTools();

        using VethNamespaces net = VethNamespaces.Create();
        using var data = new TempDirectory();
        using AvahiBrowser browser = AvahiBrowser.Start(net.PeerNamespace, "_mashc._udp");
        using MashLoadProcess device = MashLoadProcess.StartInNamespace(
            net.DeviceNamespace,
            data.Path,
            "--data", data.File("flash"),
            "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--interface", net.DeviceInterface,
            "--setup-code", "20252026",
            "--discriminator", "1234");
        string deviceId = device.WaitForStdout(l => l.StartsWith("device-id: ", StringComparison.Ordinal))["device-id: ".Length..];
        string host = $"mash-{deviceId}.local";

        // =;interface;protocol;name;type;domain;host;address;port;txt
        string resolved = browser.WaitFor(l => l.StartsWith("=;", StringComparison.Ordinal) && l.Contains(";IPv4;MASH-1234;_mashc._udp;local;", StringComparison.Ordinal), Wait);
        string[] f = resolved.Split(';');
        Assert.Equal(host, f[6]);
        Assert.Equal(VethNamespaces.DeviceAddress, f[7]);
        Assert.Equal(Port.ToString(System.Globalization.CultureInfo.InvariantCulture), f[8]);
        foreach (string entry in new[] { "D=1234", "cat=4", "serial=" + deviceId, "brand=MASH Smart-Load", "model=SL-SIM-3" })
        {
            Assert.Contains($"\"{entry}\"", f[9], StringComparison.Ordinal);
        }

        // A plain DNS client (legacy unicast, RFC 6762 6.7) finds the IPv4 address the reference
        // controller dials, and the SRV port.
        Assert.Equal(VethNamespaces.DeviceAddress, Dig(net, host, "A"));
        Assert.Equal($"0 0 {Port} {host}.", Dig(net, "MASH-1234._mashc._udp.local", "SRV"));

        using NamespaceCapture capture = NamespaceCapture.Start(net.PeerNamespace, net.PeerInterface);
        device.Signal();
        Assert.Equal(0, device.WaitForExit());

        // avahi drops a record one second after its goodbye; without one it would keep the
        // PTR for its 4500 s TTL.
        browser.WaitFor(l => l.StartsWith("-;", StringComparison.Ordinal) && l.Contains(";IPv4;MASH-1234;_mashc._udp;local", StringComparison.Ordinal), TimeSpan.FromSeconds(10));

        DnsMessage goodbye = FindGoodbye(capture, host);
        Assert.All(goodbye.Answers, r => Assert.Equal(0u, r.Ttl));
        Assert.Contains(goodbye.Answers, r => r is PtrRecord p && p.Target.ToString() == "MASH-1234._mashc._udp.local");
        Assert.Contains(goodbye.Answers, r => r.Type == DnsRecordType.A && r.Name.ToString() == host);
    }

    [SkippableFact]
    public void An_address_added_while_running_is_answered_within_seconds_without_a_periodic_re_read()
    {
        string? why = VethNamespaces.WhyUnavailable();
        Skip.If(why is not null, why);
        RequireTools();

        using VethNamespaces net = VethNamespaces.Create();
        using var data = new TempDirectory();
        using MashLoadProcess device = MashLoadProcess.StartInNamespace(
            net.DeviceNamespace,
            data.Path,
            "--data", data.File("flash"),
            "--port", (Port + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--interface", net.DeviceInterface,
            "--setup-code", "20252026",
            "--discriminator", "1234");
        string deviceId = device.WaitForStdout(l => l.StartsWith("device-id: ", StringComparison.Ordinal))["device-id: ".Length..];
        string host = $"mash-{deviceId}.local";
        device.WaitForStderr(l => l.Contains("claimed " + host, StringComparison.Ordinal));
        Assert.Equal(VethNamespaces.DeviceAddress, Dig(net, host, "A"));

        // The kernel reports the change (netlink); the device re-reads its addresses then, not on
        // a timer, so an idle device sleeps. Well inside the 30 s a poll would have needed.
        const string added = "10.77.0.3";
        Shell.Check("ip", "-n", net.DeviceNamespace, "addr", "add", added + "/24", "dev", net.DeviceInterface);
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        string answer = Dig(net, host, "A");
        while (!answer.Contains(added, StringComparison.Ordinal) && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            answer = Dig(net, host, "A");
        }

        Assert.Contains(added, answer, StringComparison.Ordinal);
        Assert.Contains(VethNamespaces.DeviceAddress, answer, StringComparison.Ordinal);
    }

    private static void RequireTools()
    {
        var missing = new List<string>();
        foreach (string tool in AvahiBrowser.Tools)
        {
            if (!Shell.OnPath(tool))
            {
                missing.Add(tool);
            }
        }

        if (!Shell.OnPath("dig"))
        {
            missing.Add("dig");
        }

        Assert.True(missing.Count == 0, $"missing {string.Join(", ", missing)}: install avahi-daemon avahi-utils dbus dnsutils (.ci/run does)");
    }

    private static string Dig(VethNamespaces net, string name, string type) =>
        Shell.Check("ip", "netns", "exec", net.PeerNamespace, "dig", "@" + VethNamespaces.DeviceAddress, "-p", "5353", "+short", "+time=2", "+tries=3", name, type).Trim();

    private static DnsMessage FindGoodbye(NamespaceCapture capture, string host)
    {
        IPAddress device = IPAddress.Parse(VethNamespaces.DeviceAddress);
        DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (DateTime.UtcNow < deadline)
        {
            foreach ((IPAddress from, byte[] packet) in capture.Packets)
            {
                if (!from.Equals(device))
                {
                    continue;
                }

                DnsMessage message = DnsMessageReader.Decode(packet);
                if (message.IsResponse && message.Answers.Length > 0 && message.Answers[0].Ttl == 0)
                {
                    return message;
                }
            }

            System.Threading.Thread.Sleep(100);
        }

        throw new TimeoutException($"no goodbye from {host} captured; packets from the device: {capture.Packets.Count}");
    }
}
