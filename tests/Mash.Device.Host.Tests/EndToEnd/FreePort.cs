using System.Net;
using System.Net.Sockets;

namespace Mash.Device.Host.Tests.EndToEnd;

internal static class FreePort
{
    /// <summary>A TCP port that was free a moment ago, for a child process to listen on.</summary>
    public static int Next()
    {
        using var probe = new TcpListener(IPAddress.IPv6Any, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
