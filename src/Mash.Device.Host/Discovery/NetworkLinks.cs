using System;
using System.Collections.Generic;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Mash.Device.Host.Discovery;

/// <summary>Which interfaces mDNS runs on, and their addresses.</summary>
public static partial class NetworkLinks
{
    /// <summary>
    /// The interface named <paramref name="name"/> (whatever its state: the operator asked for
    /// it), or every interface that is up, multicast-capable and not loopback.
    /// </summary>
    public static List<NetworkInterface> Select(string? name)
    {
        var chosen = new List<NetworkInterface>();
        foreach (NetworkInterface ni in NetworkInterface.GetAllNetworkInterfaces())
        {
            bool wanted = name is not null
                ? string.Equals(ni.Name, name, StringComparison.Ordinal)
                : ni.OperationalStatus == OperationalStatus.Up
                    && ni.SupportsMulticast
                    && ni.NetworkInterfaceType != NetworkInterfaceType.Loopback;
            if (wanted)
            {
                chosen.Add(ni);
            }
        }

        return chosen;
    }

    /// <summary>The kernel's interface index, or -1.</summary>
    public static int IndexOf(NetworkInterface ni)
    {
        ArgumentNullException.ThrowIfNull(ni);
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            uint index = IfNameToIndex(ni.Name);
            if (index > 0)
            {
                return (int)index;
            }
        }

        try
        {
            return ni.GetIPProperties().GetIPv6Properties()?.Index ?? ni.GetIPProperties().GetIPv4Properties()?.Index ?? -1;
        }
        catch (NetworkInformationException)
        {
            return -1;
        }
    }

    /// <summary>The interface's current unicast addresses (IPv6 first), loopback excluded.</summary>
    public static List<IPAddress> AddressesOf(string name)
    {
        var addresses = new List<IPAddress>();
        foreach (NetworkInterface ni in NetworkInterface.GetAllNetworkInterfaces())
        {
            if (!string.Equals(ni.Name, name, StringComparison.Ordinal))
            {
                continue;
            }

            foreach (AddressFamily family in new[] { AddressFamily.InterNetworkV6, AddressFamily.InterNetwork })
            {
                foreach (UnicastIPAddressInformation u in ni.GetIPProperties().UnicastAddresses)
                {
                    IPAddress a = u.Address;
                    if (a.AddressFamily == family && !IPAddress.IsLoopback(a) && !a.IsIPv4MappedToIPv6)
                    {
                        addresses.Add(a);
                    }
                }
            }
        }

        return addresses;
    }

    [LibraryImport("libc", EntryPoint = "if_nametoindex", StringMarshalling = StringMarshalling.Utf8)]
    private static partial uint IfNameToIndex(string name);
}
