using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Mash.Controller.Transport;

/// <summary>Resolves a host and opens a TCP connection to the first address that answers.</summary>
internal static class HostDialer
{
    /// <summary>"[fe80::1%eth0]" becomes "fe80::1%eth0"; anything else is returned as is.</summary>
    public static string StripBrackets(string host) =>
        host.Length > 2 && host[0] == '[' && host[^1] == ']' ? host[1..^1] : host;

    public static async Task<Socket> DialAsync(string host, int port, CancellationToken cancellationToken)
    {
        IReadOnlyList<IPAddress> addresses = await ResolveAsync(host, cancellationToken).ConfigureAwait(false);
        SocketException? last = null;
        foreach (IPAddress address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken).ConfigureAwait(false);
                return socket;
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        string tried = string.Join(", ", addresses);
        throw new MashConnectionException(
            string.Format(CultureInfo.InvariantCulture, "Could not connect to {0} port {1} (tried {2}): {3}", host, port, tried, last?.Message),
            last ?? new SocketException((int)SocketError.HostNotFound));
    }

    /// <summary>
    /// An address literal (IPv4, or IPv6 with or without brackets and zone) is used directly;
    /// a name is resolved and its IPv6 addresses are tried before its IPv4 ones, since the
    /// protocol prefers IPv6 while the reference device advertises IPv4.
    /// </summary>
    private static async Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(StripBrackets(host), out IPAddress? literal))
        {
            return [literal];
        }

        IPAddress[] resolved;
        try
        {
            resolved = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            throw new MashConnectionException("Could not resolve " + host + ": " + ex.Message, ex);
        }

        var ordered = new List<IPAddress>(resolved.Length);
        foreach (IPAddress address in resolved)
        {
            if (address.AddressFamily == AddressFamily.InterNetworkV6)
            {
                ordered.Add(address);
            }
        }

        foreach (IPAddress address in resolved)
        {
            if (address.AddressFamily == AddressFamily.InterNetwork)
            {
                ordered.Add(address);
            }
        }

        if (ordered.Count == 0)
        {
            throw new MashConnectionException("Could not resolve " + host + ": no IPv6 or IPv4 address.");
        }

        return ordered;
    }
}
