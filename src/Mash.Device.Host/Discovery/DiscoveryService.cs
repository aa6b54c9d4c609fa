using System;
using System.Collections.Generic;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using Mash.Device.Boards;
using Mash.Device.Diagnostics;
using Mash.Device.Discovery;
using Mash.Device.Host.Runtime;
using Mash.Device.Identity;
using Mash.Device.Platform;
using Mash.Device.Runtime;

namespace Mash.Device.Host.Discovery;

/// <summary>
/// mDNS for the host build: sockets on the chosen interfaces, one responder per interface, and
/// the <see cref="DiscoveryAdvertiser"/> the rest of the firmware drives. Discovery is never
/// fatal: without a usable interface or port the device runs and is reachable by address.
/// </summary>
public sealed class DiscoveryService : IDisposable
{
    /// <summary>When the scheduler's queue was full at an address change, the re-read is posted again this much later.</summary>
    public static readonly TimeSpan RefreshRetryDelay = TimeSpan.FromSeconds(1);

    private readonly SchedulerLoop _loop;
    private readonly MdnsSockets _sockets;
    private readonly Logger _log;
    private bool _stopped;

    private DiscoveryService(SchedulerLoop loop, MdnsSockets sockets, Logger log, DiscoveryAdvertiser advertiser)
    {
        _loop = loop;
        _sockets = sockets;
        _log = log;
        Advertiser = advertiser;
    }

    /// <summary>The device's DNS-SD state. Loop thread only (call it from scheduler callbacks).</summary>
    public DiscoveryAdvertiser Advertiser { get; }

    /// <summary>
    /// Starts mDNS on <paramref name="interfaceName"/> (or every up, multicast-capable,
    /// non-loopback interface) and advertises the commissionable service. Returns null, with a
    /// warning logged, when there is nothing to run on.
    /// </summary>
    public static DiscoveryService? Start(SchedulerLoop loop, ILogSink logSink, string? interfaceName, BoardDefinition board, DeviceIdentity identity, int port, Action<DiscoveryAdvertiser> initialize)
    {
        ArgumentNullException.ThrowIfNull(loop);
        ArgumentNullException.ThrowIfNull(board);
        ArgumentNullException.ThrowIfNull(identity);
        var log = new Logger(logSink, "mdns");
        List<NetworkInterface> interfaces = NetworkLinks.Select(interfaceName);
        if (interfaces.Count == 0)
        {
            log.Warn(interfaceName is null
                ? "no multicast-capable network interface is up; not advertising over mDNS"
                : $"network interface {interfaceName} not found; not advertising over mDNS");
            return null;
        }

        MdnsSockets? sockets = MdnsSockets.Open(logSink);
        if (sockets is null)
        {
            log.Warn("not advertising over mDNS");
            return null;
        }

        var links = new List<(MdnsLink Link, List<IPAddress> Addresses)>();
        foreach (NetworkInterface ni in interfaces)
        {
            int index = NetworkLinks.IndexOf(ni);
            List<IPAddress> addresses = NetworkLinks.AddressesOf(ni.Name);
            MdnsLink? link = index > 0 ? sockets.AddLink(ni.Name, index, FirstIPv4(addresses)) : null;
            if (link is null)
            {
                log.Warn($"cannot use {ni.Name} for mDNS (no index or group membership)");
                continue;
            }

            links.Add((link, addresses));
        }

        if (links.Count == 0)
        {
            sockets.Dispose();
            log.Warn("not advertising over mDNS");
            return null;
        }

        DiscoveryService service = loop.Invoke(() =>
        {
            var responders = new List<MdnsResponder>();
            foreach ((MdnsLink link, List<IPAddress> addresses) in links)
            {
                var responder = new MdnsResponder(loop.Scheduler, link, SystemRandomSource.Instance, logSink, "mash-" + identity.DeviceId, link.Name);
                responder.SetAddresses(Bytes(addresses));
                link.Responder = responder;
                responders.Add(responder);
                log.Info($"on {link.Name}: {Describe(addresses)}");
            }

            var advertiser = new DiscoveryAdvertiser((ushort)port, OperationalAdvert.FromBoard(board, identity.DeviceId), responders.ToArray());

            // The firmware says what to advertise now (window open? which zones?) before the
            // first probe, so the first announcement is already right.
            initialize(advertiser);

            advertiser.Start();
            return new DiscoveryService(loop, sockets, log, advertiser);
        });

        sockets.StartReceiving(loop.Scheduler);
        // Addresses are re-read when the kernel reports a change (netlink), never on a timer: an
        // idle device does not wake to find nothing new.
        NetworkChange.NetworkAddressChanged += service.OnAddressChanged;
        return service;
    }

    /// <summary>Sends the goodbyes and closes the sockets. Call while the scheduler loop still runs.</summary>
    public void Stop()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        NetworkChange.NetworkAddressChanged -= OnAddressChanged;
        try
        {
            _loop.Invoke(() =>
            {
                Advertiser.Shutdown();
                return true;
            });
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            _log.Warn($"could not send mDNS goodbyes: {ex.Message}");
        }

        _sockets.Dispose();
    }

    public void Dispose()
    {
        NetworkChange.NetworkAddressChanged -= OnAddressChanged;
        _stopped = true;
        _sockets.Dispose();
    }

    private static IPAddress? FirstIPv4(List<IPAddress> addresses)
    {
        foreach (IPAddress a in addresses)
        {
            if (a.AddressFamily == AddressFamily.InterNetwork)
            {
                return a;
            }
        }

        return null;
    }

    private static byte[][] Bytes(List<IPAddress> addresses)
    {
        var bytes = new byte[addresses.Count][];
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = addresses[i].GetAddressBytes();
        }

        return bytes;
    }

    private static string Describe(List<IPAddress> addresses)
    {
        if (addresses.Count == 0)
        {
            return "no addresses yet";
        }

        var text = new StringBuilder();
        foreach (IPAddress a in addresses)
        {
            text.Append(text.Length == 0 ? string.Empty : ", ").Append(a);
        }

        return text.ToString();
    }

    private void OnAddressChanged(object? sender, EventArgs e)
    {
        if (_stopped)
        {
            return;
        }

        try
        {
            _loop.Scheduler.Post(RefreshAddresses);
        }
        catch (InvalidOperationException)
        {
            // Queue full (a burst): the change must not be lost, so try again shortly.
            _ = Task.Delay(RefreshRetryDelay).ContinueWith(_ => OnAddressChanged(sender, e), TaskScheduler.Default);
        }
    }

    /// <summary>Runs on the loop thread: hands each responder its interface's current addresses.</summary>
    private void RefreshAddresses()
    {
        if (_stopped)
        {
            return;
        }

        foreach (MdnsLink link in _sockets.Links)
        {
            List<IPAddress> addresses;
            try
            {
                addresses = NetworkLinks.AddressesOf(link.Name);
            }
            catch (NetworkInformationException ex)
            {
                _log.Debug($"cannot read the addresses of {link.Name}: {ex.Message}");
                continue;
            }

            link.IPv4Address = FirstIPv4(addresses);
            link.Responder?.SetAddresses(Bytes(addresses));
        }
    }
}
