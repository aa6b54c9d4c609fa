using System.Net;
using Mash.Device.Discovery;

namespace Mash.Device.Host.Discovery;

/// <summary>
/// One network interface's view of the shared mDNS sockets: what the responder for that
/// interface sends through, and where packets that arrived on it are delivered.
/// </summary>
public sealed class MdnsLink : IMulticastTransport
{
    private readonly MdnsSockets _sockets;

    internal MdnsLink(MdnsSockets sockets, string name, int index)
    {
        _sockets = sockets;
        Name = name;
        Index = index;
    }

    public string Name { get; }

    /// <summary>The kernel interface index (also the IPv6 scope ID of its link-local addresses).</summary>
    public int Index { get; }

    public bool JoinedIPv4 { get; internal set; }

    public bool JoinedIPv6 { get; internal set; }

    /// <summary>Selects the interface for IPv4 multicast (IP_MULTICAST_IF takes an address); null without one.</summary>
    public IPAddress? IPv4Address { get; internal set; }

    /// <summary>The responder for this interface; packets are dropped until it is set.</summary>
    public MdnsResponder? Responder { get; internal set; }

    public void Send(byte[] packet, int length, MdnsEndpoint destination) => _sockets.Send(this, packet, length, destination);

    public override string ToString() => Name;
}
