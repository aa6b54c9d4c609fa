using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading;
using Microsoft.Win32.SafeHandles;

namespace Mash.Device.Host.Tests.Discovery;

/// <summary>
/// A plain UDP socket on 224.0.0.251:5353 inside another network namespace, recording every
/// packet with its source. The socket is created on a dedicated thread that first moves itself
/// into the namespace (setns affects only the calling thread; the socket stays there).
/// </summary>
internal sealed partial class NamespaceCapture : IDisposable
{
    private const int CloneNewNet = 0x40000000;

    private readonly List<(IPAddress From, byte[] Packet)> _packets = new();
    private readonly ManualResetEventSlim _ready = new();
    private readonly Thread _thread;
    private volatile bool _stop;
    private string? _error;

    private NamespaceCapture(string netns, string link)
    {
        _thread = new Thread(() => Run(netns, link)) { IsBackground = true, Name = "netns-capture" };
    }

    public static NamespaceCapture Start(string netns, string link)
    {
        var capture = new NamespaceCapture(netns, link);
        capture._thread.Start();
        capture._ready.Wait(TimeSpan.FromSeconds(10));
        if (capture._error is not null)
        {
            capture.Dispose();
            throw new InvalidOperationException(capture._error);
        }

        return capture;
    }

    public List<(IPAddress From, byte[] Packet)> Packets
    {
        get
        {
            lock (_packets)
            {
                return new List<(IPAddress, byte[])>(_packets);
            }
        }
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join(TimeSpan.FromSeconds(2));
        _ready.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNs(int fd, int nstype);

    [LibraryImport("libc", EntryPoint = "if_nametoindex", StringMarshalling = StringMarshalling.Utf8)]
    private static partial uint IfNameToIndex(string name);

    private void Run(string netns, string link)
    {
        Socket socket;
        try
        {
            using (SafeFileHandle ns = File.OpenHandle("/run/netns/" + netns))
            {
                if (SetNs((int)ns.DangerousGetHandle(), CloneNewNet) != 0)
                {
                    throw new IOException($"setns into {netns} failed: errno {Marshal.GetLastPInvokeError()}");
                }
            }

            socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.SetRawSocketOption(1, 15, BitConverter.GetBytes(1)); // SO_REUSEPORT: avahi-daemon holds 5353 too
            socket.Bind(new IPEndPoint(IPAddress.Any, 5353));
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(IPAddress.Parse("224.0.0.251"), (int)IfNameToIndex(link)));
            socket.ReceiveTimeout = 200;
        }
        catch (Exception ex) when (ex is IOException or SocketException or UnauthorizedAccessException)
        {
            _error = "cannot listen for mDNS in " + netns + ": " + ex.Message;
            _ready.Set();
            return;
        }

        _ready.Set();
        using (socket)
        {
            var buffer = new byte[9000];
            while (!_stop)
            {
                EndPoint from = new IPEndPoint(IPAddress.Any, 0);
                int n;
                try
                {
                    n = socket.ReceiveFrom(buffer, ref from);
                }
                catch (SocketException)
                {
                    continue; // receive timeout: check _stop
                }

                lock (_packets)
                {
                    _packets.Add((((IPEndPoint)from).Address, buffer.AsSpan(0, n).ToArray()));
                }
            }
        }
    }
}
