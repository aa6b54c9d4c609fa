namespace Mash.Device.Discovery;

/// <summary>
/// Platform seam for one link's mDNS traffic (UDP port 5353). The platform delivers received
/// packets by posting <see cref="MdnsResponder.Receive"/> onto the scheduler; the responder
/// sends through this interface from the loop thread.
/// </summary>
public interface IMulticastTransport
{
    /// <summary>
    /// Sends one datagram. <see cref="MdnsEndpoint.MulticastV4"/> and <see cref="MdnsEndpoint.MulticastV6"/>
    /// mean the group on this link; any other endpoint is a unicast reply. Must not block for long
    /// and must not throw: a packet that cannot be sent (no IPv6 on the link, say) is dropped.
    /// </summary>
    void Send(byte[] packet, int length, MdnsEndpoint destination);
}
