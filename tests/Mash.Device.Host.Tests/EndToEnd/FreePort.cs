using System;
using System.Net;
using System.Net.Sockets;

namespace Mash.Device.Host.Tests.EndToEnd;

internal static class FreePort
{
    // Below Linux's ephemeral range (32768-60999 by default): the kernel never hands these out for
    // outgoing connections or port-0 binds, so a test that restarts its device on the same port is
    // not beaten to it by some client socket of a test running in parallel (a CI failure:
    // "port 42777 is already in use" between two starts of one test's device).
    private const int First = 20000;
    private const int Count = 12000;

    /// <summary>A TCP port that was free a moment ago, for a child process to listen on.</summary>
    public static int Next()
    {
        for (int attempt = 0; attempt < 100; attempt++)
        {
            int port = First + Random.Shared.Next(Count);
            try
            {
                using var probe = new TcpListener(IPAddress.IPv6Any, port);
                probe.Server.DualMode = true;
                probe.Start();
                return port;
            }
            catch (SocketException)
            {
                // taken: try another
            }
        }

        throw new InvalidOperationException($"no free TCP port in {First}-{First + Count - 1} after 100 tries");
    }
}
