using System;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mash.Device.Diagnostics;
using Mash.Device.Host.Runtime;
using Mash.Device.Host.Transport;
using Mash.Device.Runtime;
using Mash.Device.Transport;
using Mash.Protocol.Wire;

namespace Mash.Bench;

/// <summary>
/// Framed round trips per second over loopback TLS 1.3 (ping -> pong through the whole device
/// stack), and bytes allocated per keep-alive exchange: on the device core alone (the target is
/// zero) and for the whole process (core + host socket tasks + the benchmark's own client).
/// </summary>
internal static class TransportBench
{
    public static void Run()
    {
        CoreAllocation();
        LoopbackRoundTrips();
    }

    private static void CoreAllocation()
    {
        var clock = new VirtualClock();
        var scheduler = new Scheduler(clock, NullLogSink.Instance);
        var manager = new ConnectionManager(scheduler, NotServedHandler.Instance, NullLogSink.Instance);
        var channel = new CountingChannel();
        DeviceConnection connection = manager.Open(channel, PeerCredentials.Anonymous)!;
        // The bytes a platform read hands over: a framed ping, cut and answered by the core.
        byte[] ping = new byte[ControlCodec.MaxKeepAliveSize];
        int n = ControlCodec.WritePing(ping, 7);
        byte[] frame = new byte[FrameFormat.HeaderSize + n];
        FrameWriter.Write(frame, 0, ping, 0, n);
        for (int i = 0; i < 10_000; i++)
        {
            connection.OnReceived(frame, 0, frame.Length); // warm up
        }

        const int Exchanges = 100_000;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Exchanges; i++)
        {
            connection.OnReceived(frame, 0, frame.Length);
        }

        long after = GC.GetAllocatedBytesForCurrentThread();
        Console.WriteLine($"core: ping received -> pong sent: {(after - before) / (double)Exchanges:F2} bytes allocated per exchange ({Exchanges} exchanges, {channel.Sent} pongs)");

        // Device-initiated keep-alive: ping sent on the timer, pong received.
        before = GC.GetAllocatedBytesForCurrentThread();
        byte[] pong = new byte[ControlCodec.MaxKeepAliveSize];
        byte[] pongFrame = new byte[FrameFormat.HeaderSize + ControlCodec.MaxKeepAliveSize];
        for (int i = 0; i < 10_000; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(30));
            scheduler.RunPending();
            int m = ControlCodec.WritePong(pong, (uint)i + 1);
            int framed = FrameWriter.Write(pongFrame, 0, pong, 0, m);
            connection.OnReceived(pongFrame, 0, framed);
        }

        after = GC.GetAllocatedBytesForCurrentThread();
        Console.WriteLine($"core: timer ping sent -> pong received: {(after - before) / 10_000.0:F2} bytes allocated per exchange");
    }

    private static void LoopbackRoundTrips()
    {
        var scheduler = new Scheduler(new SystemClock(), NullLogSink.Instance);
        var manager = new ConnectionManager(scheduler, NotServedHandler.Instance, NullLogSink.Instance);
        using X509Certificate2 certificate = SelfSigned();
        using var listener = new TlsListener(scheduler, manager, NullLogSink.Instance, _ => certificate, NoClientCertificateTrust.Instance);
        using var loop = new SchedulerLoop(scheduler);
        loop.Start();
        listener.Start(0);

        using var tcp = new TcpClient(AddressFamily.InterNetworkV6);
        tcp.Connect("::1", listener.Port);
        tcp.NoDelay = true;
        using var ssl = new SslStream(tcp.GetStream());
        ssl.AuthenticateAsClient(new SslClientAuthenticationOptions
        {
            TargetHost = "device",
            EnabledSslProtocols = SslProtocols.Tls13,
            ApplicationProtocols = [TlsServerSettings.Alpn],
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
        });

        byte[] frame = new byte[4 + ControlCodec.MaxKeepAliveSize];
        byte[] reply = new byte[64];
        int Exchange(uint seq)
        {
            int n = ControlCodec.WritePing(frame, 4, seq);
            BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)n);
            ssl.Write(frame, 0, n + 4);
            ssl.ReadExactly(reply, 0, 4);
            int length = (int)BinaryPrimitives.ReadUInt32BigEndian(reply);
            ssl.ReadExactly(reply, 0, length);
            return length;
        }

        for (uint i = 1; i <= 2_000; i++)
        {
            Exchange(i);
        }

        const int RoundTrips = 20_000;
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        for (uint i = 1; i <= RoundTrips; i++)
        {
            Exchange(i);
        }

        watch.Stop();
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        Console.WriteLine($"loopback TLS 1.3: {RoundTrips / watch.Elapsed.TotalSeconds:F0} framed round trips/s (ping->pong, one at a time, {watch.Elapsed.TotalMilliseconds / RoundTrips * 1000:F1} us each)");
        Console.WriteLine($"loopback TLS 1.3: {allocated / (double)RoundTrips:F0} bytes allocated per round trip, whole process (device host tasks + benchmark client)");
        loop.Stop();
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=bench", key, HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    private sealed class CountingChannel : IConnectionChannel
    {
        public long Sent { get; private set; }

        public string RemoteEndPoint => "bench";

        public bool TrySend(byte[] buffer, int offset, int count)
        {
            Sent++;
            return true;
        }

        public bool SendBacklogged => false;

        public void PauseReceiving()
        {
        }

        public void ResumeReceiving()
        {
        }

        public void Close()
        {
        }

        public void Abort()
        {
        }
    }
}
