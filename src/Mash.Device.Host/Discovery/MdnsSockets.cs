using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using Mash.Device.Diagnostics;
using Mash.Device.Discovery;
using Mash.Device.Runtime;
using Mash.Protocol.Dns;

namespace Mash.Device.Host.Discovery;

/// <summary>
/// UDP port 5353 on Linux: one IPv6 and one IPv4 socket, shared with any other mDNS stack on
/// the host (avahi-daemon) through SO_REUSEADDR and SO_REUSEPORT, joined to ff02::fb and
/// 224.0.0.251 on each chosen interface. A receive thread per socket hands every packet, with
/// the interface it arrived on, to that interface's responder on the scheduler thread.
/// </summary>
public sealed class MdnsSockets : IDisposable
{
    private const int SolSocket = 1;
    private const int SoReusePort = 15;

    private static readonly IPAddress GroupV4 = IPAddress.Parse("224.0.0.251");
    private static readonly IPAddress GroupV6 = IPAddress.Parse("ff02::fb");

    private readonly Logger _log;
    private readonly Dictionary<int, MdnsLink> _links = new();
    private readonly List<Thread> _threads = new();
    private Socket? _v4;
    private Socket? _v6;
    private volatile bool _disposed;
    private long _dropped;

    private MdnsSockets(ILogSink log)
    {
        _log = new Logger(log, "mdns");
    }

    public IReadOnlyCollection<MdnsLink> Links => _links.Values;

    /// <summary>Packets dropped before the core saw them (oversized, event queue full).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Binds both families (IPv6 first); null, with a warning logged, when neither can be bound.</summary>
    public static MdnsSockets? Open(ILogSink log)
    {
        var sockets = new MdnsSockets(log);
        sockets._v6 = sockets.Bind(AddressFamily.InterNetworkV6);
        sockets._v4 = sockets.Bind(AddressFamily.InterNetwork);
        if (sockets._v4 is null && sockets._v6 is null)
        {
            sockets.Dispose();
            return null;
        }

        return sockets;
    }

    /// <summary>Joins the mDNS groups on one interface. Returns null when neither family could join.</summary>
    public MdnsLink? AddLink(string name, int index, IPAddress? ipv4Address)
    {
        var link = new MdnsLink(this, name, index) { IPv4Address = ipv4Address };
        if (_v6 is not null)
        {
            link.JoinedIPv6 = Join(name, () => _v6.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.AddMembership, new IPv6MulticastOption(GroupV6, index)));
        }

        if (_v4 is not null)
        {
            link.JoinedIPv4 = Join(name, () => _v4.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(GroupV4, index)));
        }

        if (!link.JoinedIPv4 && !link.JoinedIPv6)
        {
            return null;
        }

        _links[index] = link;
        return link;
    }

    /// <summary>Starts the receive threads; packets are posted onto <paramref name="scheduler"/>.</summary>
    public void StartReceiving(Scheduler scheduler)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        foreach (Socket? socket in new[] { _v6, _v4 })
        {
            if (socket is null)
            {
                continue;
            }

            var thread = new Thread(() => ReceiveLoop(socket, scheduler))
            {
                IsBackground = true,
                Name = socket.AddressFamily == AddressFamily.InterNetworkV6 ? "mash-mdns6" : "mash-mdns4",
            };
            _threads.Add(thread);
            thread.Start();
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _v4?.Dispose();
        _v6?.Dispose();
        foreach (Thread t in _threads)
        {
            t.Join(TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>Called by a link on the scheduler thread; never throws.</summary>
    internal void Send(MdnsLink link, byte[] packet, int length, MdnsEndpoint destination)
    {
        Socket? socket = destination.IsIPv6 ? _v6 : _v4;
        if (socket is null || _disposed)
        {
            return;
        }

        try
        {
            var address = new IPAddress(destination.GetAddressBytes());
            if (destination.IsMulticastGroup)
            {
                if (destination.IsIPv6)
                {
                    if (!link.JoinedIPv6)
                    {
                        return;
                    }

                    socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.MulticastInterface, link.Index);
                }
                else
                {
                    if (!link.JoinedIPv4 || link.IPv4Address is not { } own)
                    {
                        return;
                    }

                    socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, own.GetAddressBytes());
                }
            }

            if (destination.IsIPv6 && (address.IsIPv6LinkLocal || address.IsIPv6Multicast))
            {
                address.ScopeId = link.Index;
            }

            socket.SendTo(packet, 0, length, SocketFlags.None, new IPEndPoint(address, destination.Port));
        }
        catch (SocketException ex)
        {
            // A link that lost its address or its IPv6: the next refresh or announcement tries again.
            _log.Debug($"send to {destination} on {link.Name} failed: {ex.SocketErrorCode}");
        }
        catch (ObjectDisposedException)
        {
            // Shutting down.
        }
    }

    private Socket? Bind(AddressFamily family)
    {
        var socket = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            if (OperatingSystem.IsLinux())
            {
                // avahi-daemon and other responders bind 5353 too; the kernel lets every socket
                // that asked for sharing see the multicast traffic.
                socket.SetRawSocketOption(SolSocket, SoReusePort, BitConverter.GetBytes(1));
            }

            if (family == AddressFamily.InterNetworkV6)
            {
                socket.DualMode = false;
                socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.PacketInformation, true);
                socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.MulticastTimeToLive, 255);
                socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.IpTimeToLive, 255);
                socket.Bind(new IPEndPoint(IPAddress.IPv6Any, MdnsEndpoint.MdnsPort));
            }
            else
            {
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.PacketInformation, true);
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, 255);
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.IpTimeToLive, 255);
                socket.Bind(new IPEndPoint(IPAddress.Any, MdnsEndpoint.MdnsPort));
            }

            return socket;
        }
        catch (SocketException ex)
        {
            _log.Warn($"cannot open UDP port {MdnsEndpoint.MdnsPort} for {(family == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4")}: {ex.SocketErrorCode} ({ex.Message})");
            socket.Dispose();
            return null;
        }
    }

    private bool Join(string name, Action join)
    {
        try
        {
            join();
            return true;
        }
        catch (SocketException ex)
        {
            _log.Debug($"cannot join the mDNS group on {name}: {ex.SocketErrorCode}");
            return false;
        }
    }

    private void ReceiveLoop(Socket socket, Scheduler scheduler)
    {
        bool v6 = socket.AddressFamily == AddressFamily.InterNetworkV6;
        var buffer = new byte[DnsLimits.MaxMessageSize + 1];
        while (!_disposed)
        {
            EndPoint remote = new IPEndPoint(v6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
            SocketFlags flags = SocketFlags.None;
            int received;
            IPPacketInformation info;
            try
            {
                received = socket.ReceiveMessageFrom(buffer, 0, buffer.Length, ref flags, ref remote, out info);
            }
            catch (SocketException ex) when (!_disposed)
            {
                // ICMP errors for earlier unicast replies surface here; they do not end the loop.
                _log.Debug($"receive failed: {ex.SocketErrorCode}");
                continue;
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                return;
            }

            if (!_links.TryGetValue(info.Interface, out MdnsLink? link) || link.Responder is not { } responder)
            {
                continue; // another interface: a group some other socket on this host joined
            }

            if (received > DnsLimits.MaxMessageSize || (flags & SocketFlags.Truncated) != 0)
            {
                Interlocked.Increment(ref _dropped);
                continue;
            }

            var packet = new byte[received];
            Array.Copy(buffer, packet, received);
            var from = (IPEndPoint)remote;
            var source = new MdnsEndpoint(from.Address.GetAddressBytes(), from.Port);
            try
            {
                scheduler.Post(() => responder.Receive(packet, packet.Length, source));
            }
            catch (InvalidOperationException)
            {
                // The event queue is full (a packet flood): drop rather than stall the socket.
                Interlocked.Increment(ref _dropped);
            }
        }
    }
}
