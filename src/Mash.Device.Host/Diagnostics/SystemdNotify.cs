using System;
using System.Net.Sockets;
using System.Text;

namespace Mash.Device.Host.Diagnostics;

/// <summary>
/// The systemd readiness protocol (sd_notify(3)), without libsystemd: one datagram with
/// "READY=1" once controllers can connect, "STOPPING=1" when the shutdown begins, sent to the
/// unix socket in NOTIFY_SOCKET. Without that variable (not under a Type=notify unit) it does
/// nothing, and a failed send is never fatal: the device serves either way.
/// </summary>
public static class SystemdNotify
{
    public const string Variable = "NOTIFY_SOCKET";

    /// <summary>Controllers can connect: the TLS port listens and the onboarding codes are out.</summary>
    public static bool Ready(string status) => Send($"READY=1\nSTATUS={status}");

    public static bool Stopping() => Send("STOPPING=1\nSTATUS=shutting down");

    /// <summary>Sends <paramref name="state"/>; false when there is no socket or it could not be reached.</summary>
    public static bool Send(string state, string? socketPath = null)
    {
        string? path = socketPath ?? Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(path) || !(path[0] is '/' or '@'))
        {
            return false; // unset, or a form we do not speak (vsock:...)
        }

        // A leading '@' names a socket in the abstract namespace, which starts with a NUL byte.
        string address = path[0] == '@' ? "\0" + path[1..] : path;
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            socket.SendTo(Encoding.UTF8.GetBytes(state), new UnixDomainSocketEndPoint(address));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
