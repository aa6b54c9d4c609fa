using System;
using System.Collections.Generic;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Mash.Protocol.Dns;

namespace Mash.Controller.Discovery;

/// <summary>
/// Browses the link for MASH devices with multicast DNS (RFC 6762/6763): sends PTR queries for
/// <c>_mashc._udp</c> and <c>_mash._tcp</c> to 224.0.0.251 and ff02::fb port 5353 on each chosen
/// interface, asks again for what is missing, and collects answers until the time is up.
/// </summary>
/// <remarks>
/// The sockets share port 5353 (SO_REUSEADDR and SO_REUSEPORT) with avahi or a mash-load on the
/// same host, so multicast answers reach us too. When 5353 cannot be bound the queries go out from
/// an ephemeral port, and responders answer those by unicast (RFC 6762 6.7).
/// </remarks>
public static class MdnsBrowser
{
    public const int MdnsPort = 5353;

    private const int SolSocket = 1;
    private const int SoReusePort = 15;

    private static readonly IPAddress GroupV4 = IPAddress.Parse("224.0.0.251");
    private static readonly IPAddress GroupV6 = IPAddress.Parse("ff02::fb");

    /// <summary>PTR queries go out at these times after the start (RFC 6762 5.2: at least a second apart, then doubling).</summary>
    private static readonly TimeSpan[] BrowseSchedule = [TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(7)];

    /// <summary>Questions for missing SRV/TXT/addresses are repeated at most this often.</summary>
    private static readonly TimeSpan FollowUpInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>The interfaces a browse uses: the named one, else every multicast-capable interface that is up (loopback only if nothing else is).</summary>
    /// <exception cref="ArgumentException">No interface has that name; the message lists the names.</exception>
    public static IReadOnlyList<NetworkInterface> ChooseInterfaces(string? name)
    {
        NetworkInterface[] all = NetworkInterface.GetAllNetworkInterfaces();
        var chosen = new List<NetworkInterface>();
        var loopback = new List<NetworkInterface>();
        var names = new List<string>();
        foreach (NetworkInterface nic in all)
        {
            names.Add(nic.Name);
            if (name is not null)
            {
                if (string.Equals(nic.Name, name, StringComparison.Ordinal))
                {
                    chosen.Add(nic);
                }

                continue;
            }

            if (nic.OperationalStatus != OperationalStatus.Up || !nic.SupportsMulticast)
            {
                continue;
            }

            (nic.NetworkInterfaceType == NetworkInterfaceType.Loopback ? loopback : chosen).Add(nic);
        }

        if (name is not null && chosen.Count == 0)
        {
            throw new ArgumentException($"no network interface \"{name}\"; interfaces: {string.Join(", ", names)}", nameof(name));
        }

        return chosen.Count > 0 ? chosen : loopback;
    }

    /// <summary>Browses for <paramref name="timeout"/> (or until <paramref name="stopWhen"/> accepts a resolved service) and returns what was found.</summary>
    /// <param name="timeout">How long to listen.</param>
    /// <param name="interfaceName">One interface by name; null for all (see <see cref="ChooseInterfaces"/>).</param>
    /// <param name="stopWhen">Ends the browse early once a resolved service satisfies it.</param>
    /// <param name="log">Diagnostics (bind fallbacks, send failures).</param>
    /// <param name="cancellationToken">Ends the browse early; what was found so far is returned.</param>
    /// <exception cref="ArgumentException">No interface of that name.</exception>
    /// <exception cref="SocketException">No socket could be opened at all.</exception>
    public static async Task<IReadOnlyList<DiscoveredService>> BrowseAsync(
        TimeSpan timeout,
        string? interfaceName = null,
        Func<DiscoveredService, bool>? stopWhen = null,
        Action<string>? log = null,
        CancellationToken cancellationToken = default)
    {
        IReadOnlyList<NetworkInterface> interfaces = ChooseInterfaces(interfaceName);
        var collector = new DnsSdCollector();
        var gate = new Lock();
        using var done = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        done.CancelAfter(timeout);

        var sockets = new List<(Socket Socket, bool V6)>();
        try
        {
            Socket? ipv4 = Open(AddressFamily.InterNetwork, interfaces, log);
            if (ipv4 is not null)
            {
                sockets.Add((ipv4, false));
            }

            Socket? ipv6 = Open(AddressFamily.InterNetworkV6, interfaces, log);
            if (ipv6 is not null)
            {
                sockets.Add((ipv6, true));
            }

            if (sockets.Count == 0)
            {
                throw new SocketException((int)SocketError.AddressNotAvailable);
            }

            void OnPacket(DnsMessage message, long scope)
            {
                lock (gate)
                {
                    collector.Add(message, scope);
                    if (stopWhen is not null)
                    {
                        foreach (DiscoveredService service in collector.Services)
                        {
                            if (service.IsResolved && stopWhen(service))
                            {
                                done.Cancel();
                                return;
                            }
                        }
                    }
                }
            }

            var receivers = new List<Task>();
            foreach ((Socket socket, bool v6) in sockets)
            {
                receivers.Add(ReceiveAsync(socket, v6, OnPacket, done.Token));
            }

            await QueryAsync(sockets, interfaces, collector, gate, log, done.Token).ConfigureAwait(false);
            await Task.WhenAll(receivers).ConfigureAwait(false);
        }
        finally
        {
            foreach ((Socket socket, _) in sockets)
            {
                socket.Dispose();
            }
        }

        lock (gate)
        {
            return collector.Services;
        }
    }

    private static async Task QueryAsync(
        List<(Socket Socket, bool V6)> sockets, IReadOnlyList<NetworkInterface> interfaces, DnsSdCollector collector, Lock gate, Action<string>? log, CancellationToken cancellationToken)
    {
        DateTime start = DateTime.UtcNow;
        int next = 0;
        byte[] browse = DnsSdCollector.BrowseQuery().Encode();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                if (next < BrowseSchedule.Length && DateTime.UtcNow - start >= BrowseSchedule[next])
                {
                    Send(sockets, interfaces, browse, log);
                    next++;
                }
                else
                {
                    IReadOnlyList<DnsQuestion> missing;
                    lock (gate)
                    {
                        missing = collector.MissingQuestions();
                    }

                    if (missing.Count > 0)
                    {
                        Send(sockets, interfaces, new DnsMessage(0, 0, [.. missing]).Encode(), log);
                    }
                }

                await Task.Delay(FollowUpInterval, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The browse time is over.
        }
    }

    private static void Send(List<(Socket Socket, bool V6)> sockets, IReadOnlyList<NetworkInterface> interfaces, byte[] packet, Action<string>? log)
    {
        foreach ((Socket socket, bool v6) in sockets)
        {
            foreach (NetworkInterface nic in interfaces)
            {
                try
                {
                    if (v6)
                    {
                        int index = nic.GetIPProperties().GetIPv6Properties()?.Index ?? -1;
                        if (index < 0)
                        {
                            continue;
                        }

                        socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.MulticastInterface, index);
                        socket.SendTo(packet, new IPEndPoint(new IPAddress(GroupV6.GetAddressBytes(), index), MdnsPort));
                    }
                    else
                    {
                        IPAddress? own = FirstIPv4(nic);
                        if (own is null)
                        {
                            continue;
                        }

                        socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, own.GetAddressBytes());
                        socket.SendTo(packet, new IPEndPoint(GroupV4, MdnsPort));
                    }
                }
                catch (Exception ex) when (ex is SocketException or NetworkInformationException or PlatformNotSupportedException)
                {
                    log?.Invoke($"query on {nic.Name} ({(v6 ? "IPv6" : "IPv4")}) not sent: {ex.Message}");
                }
            }
        }
    }

    private static async Task ReceiveAsync(Socket socket, bool v6, Action<DnsMessage, long> onPacket, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[DnsLimits.MaxMessageSize];
        EndPoint any = v6 ? new IPEndPoint(IPAddress.IPv6Any, 0) : new IPEndPoint(IPAddress.Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            SocketReceiveMessageFromResult received;
            try
            {
                received = await socket.ReceiveMessageFromAsync(buffer, SocketFlags.None, any, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException)
            {
                // A transient error (an ICMP reply to a unicast answer, say); keep listening.
                continue;
            }

            try
            {
                DnsMessage message = DnsMessageReader.Decode(buffer, received.ReceivedBytes);
                onPacket(message, received.PacketInformation.Interface);
            }
            catch (DnsFormatException)
            {
                // Someone else's malformed packet; not ours to fix.
            }
        }
    }

    private static Socket? Open(AddressFamily family, IReadOnlyList<NetworkInterface> interfaces, Action<string>? log)
    {
        bool v6 = family == AddressFamily.InterNetworkV6;
        Socket socket;
        try
        {
            socket = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
        }
        catch (SocketException ex)
        {
            log?.Invoke($"no {(v6 ? "IPv6" : "IPv4")} socket: {ex.Message}");
            return null;
        }

        try
        {
            SocketOptionLevel level = v6 ? SocketOptionLevel.IPv6 : SocketOptionLevel.IP;
            socket.SetSocketOption(level, SocketOptionName.PacketInformation, true);
            socket.SetSocketOption(level, SocketOptionName.MulticastTimeToLive, 255);
            socket.SetSocketOption(level, SocketOptionName.MulticastLoopback, true);
            if (v6)
            {
                socket.DualMode = false;
            }

            IPAddress any = v6 ? IPAddress.IPv6Any : IPAddress.Any;
            try
            {
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                if (OperatingSystem.IsLinux())
                {
                    socket.SetRawSocketOption(SolSocket, SoReusePort, BitConverter.GetBytes(1));
                }

                socket.Bind(new IPEndPoint(any, MdnsPort));
            }
            catch (SocketException ex)
            {
                // Answers to a query from another port come back by unicast, which works too.
                log?.Invoke($"UDP {MdnsPort} ({(v6 ? "IPv6" : "IPv4")}) is not available ({ex.SocketErrorCode}); asking for unicast answers instead");
                socket.Dispose();
                socket = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
                socket.SetSocketOption(level, SocketOptionName.PacketInformation, true);
                if (v6)
                {
                    socket.DualMode = false;
                }

                socket.Bind(new IPEndPoint(any, 0));
            }

            int joined = 0;
            foreach (NetworkInterface nic in interfaces)
            {
                try
                {
                    if (v6)
                    {
                        int index = nic.GetIPProperties().GetIPv6Properties()?.Index ?? -1;
                        if (index >= 0)
                        {
                            socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.AddMembership, new IPv6MulticastOption(GroupV6, index));
                            joined++;
                        }
                    }
                    else
                    {
                        int index = nic.GetIPProperties().GetIPv4Properties()?.Index ?? -1;
                        if (index >= 0 && FirstIPv4(nic) is not null)
                        {
                            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(GroupV4, index));
                            joined++;
                        }
                    }
                }
                catch (Exception ex) when (ex is SocketException or NetworkInformationException or PlatformNotSupportedException)
                {
                    log?.Invoke($"cannot join the mDNS group on {nic.Name} ({(v6 ? "IPv6" : "IPv4")}): {ex.Message}");
                }
            }

            if (joined == 0)
            {
                log?.Invoke($"no interface takes {(v6 ? "IPv6" : "IPv4")} multicast");
                socket.Dispose();
                return null;
            }

            return socket;
        }
        catch (SocketException ex)
        {
            log?.Invoke($"{(v6 ? "IPv6" : "IPv4")} mDNS socket failed: {ex.Message}");
            socket.Dispose();
            return null;
        }
    }

    private static IPAddress? FirstIPv4(NetworkInterface nic)
    {
        foreach (UnicastIPAddressInformation address in nic.GetIPProperties().UnicastAddresses)
        {
            if (address.Address.AddressFamily == AddressFamily.InterNetwork)
            {
                return address.Address;
            }
        }

        return null;
    }
}
