using System;
using System.Buffers.Binary;
using System.IO;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Mash.Device.Host.Runtime;
using Mash.Device.Host.Transport;
using Mash.Device.Runtime;
using Mash.Device.Transport;
using Mash.Protocol.Wire;

namespace Mash.Device.Host.Tests.Transport;

/// <summary>
/// The device's real transport (scheduler thread, TLS listener, connection manager) on a loopback
/// port, with a raw TLS client that speaks frames, for tests that need exact bytes on the wire.
/// </summary>
internal sealed class TransportHarness : IDisposable
{
    /// <param name="clock">
    /// The scheduler's clock: the system clock, or a virtual one the test steps with
    /// <see cref="Advance"/> (the core's frame deadline and keep-alive follow it).
    /// </param>
    public TransportHarness(IClientCertificateTrust? trust = null, TimeSpan? frameTimeout = null, TimeSpan? handshakeTimeout = null, VirtualClock? clock = null)
    {
        Log = new CollectingLogSink();
        _clock = clock;
        Scheduler = new Scheduler(clock ?? (IClock)new SystemClock(), Log);
        Manager = new ConnectionManager(Scheduler, NotServedHandler.Instance, Log)
        {
            FrameTimeout = frameTimeout ?? TimeSpan.FromSeconds(TransportLimits.FrameTimeoutSeconds),
        };
        ServerCertificate = TestCertificates.SelfSignedServer();
        Listener = new TlsListener(Scheduler, Manager, Log, _ => ServerCertificate, trust ?? NoClientCertificateTrust.Instance)
        {
            HandshakeTimeout = handshakeTimeout ?? TimeSpan.FromSeconds(TransportLimits.HandshakeTimeoutSeconds),
        };
        Loop = new SchedulerLoop(Scheduler);
        Loop.Start();
        Listener.Start(0);
    }

    private readonly VirtualClock? _clock;

    public CollectingLogSink Log { get; }

    public Scheduler Scheduler { get; }

    public ConnectionManager Manager { get; }

    public TlsListener Listener { get; }

    public SchedulerLoop Loop { get; }

    public X509Certificate2 ServerCertificate { get; }

    public int Port => Listener.Port;

    public int ConnectionCount => Loop.Invoke(() => Manager.Count);

    /// <summary>Steps the virtual clock on the loop thread; the timers that fall due run right after.</summary>
    public void Advance(TimeSpan by)
    {
        VirtualClock clock = _clock ?? throw new InvalidOperationException("The harness runs on the system clock.");
        Loop.Invoke(() =>
        {
            clock.Advance(by);
            return 0;
        });
    }

    public async Task<TestClient> ConnectAsync(
        SslProtocols protocols = SslProtocols.Tls13,
        bool alpn = true,
        X509Certificate2? clientCertificate = null,
        string host = "::1")
    {
        var tcp = new TcpClient(host.Contains(':', StringComparison.Ordinal) ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork);
        await tcp.ConnectAsync(host, Port);
        var ssl = new SslStream(tcp.GetStream(), false);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = "device",
            EnabledSslProtocols = protocols,
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
            ApplicationProtocols = alpn ? [TlsServerSettings.Alpn] : null,
            // Offline: the client sends its certificate as it is, and never fetches an issuer its
            // certificate links to (a hostile-client test points that link at a listener).
            ClientCertificateContext = clientCertificate is null ? null : SslStreamCertificateContext.Create(clientCertificate, null, offline: true),
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await ssl.AuthenticateAsClientAsync(options, timeout.Token);
        return new TestClient(tcp, ssl);
    }

    public void Dispose()
    {
        Listener.Dispose();
        Loop.Stop();
        Loop.Dispose();
        ServerCertificate.Dispose();
    }
}

/// <summary>A raw framed TLS client.</summary>
internal sealed class TestClient : IDisposable
{
    private readonly TcpClient _tcp;

    public TestClient(TcpClient tcp, SslStream ssl)
    {
        _tcp = tcp;
        Ssl = ssl;
    }

    public SslStream Ssl { get; }

    public async Task SendFrameAsync(byte[] payload)
    {
        byte[] frame = new byte[payload.Length + 4];
        FrameWriter.Write(frame, payload);
        await Ssl.WriteAsync(frame);
        await Ssl.FlushAsync();
    }

    public async Task SendRawAsync(byte[] bytes)
    {
        await Ssl.WriteAsync(bytes);
        await Ssl.FlushAsync();
    }

    /// <summary>Reads one frame; null when the device closed the connection.</summary>
    public async Task<byte[]?> ReadFrameAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        byte[] header = new byte[4];
        if (!await ReadExactAsync(header, cts.Token))
        {
            return null;
        }

        byte[] payload = new byte[BinaryPrimitives.ReadUInt32BigEndian(header)];
        return await ReadExactAsync(payload, cts.Token) ? payload : null;
    }

    /// <summary>True when the device ends the connection (EOF or reset) within the timeout.</summary>
    public async Task<bool> IsClosedByDeviceAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        byte[] buffer = new byte[1024];
        try
        {
            while (true)
            {
                if (await Ssl.ReadAsync(buffer, cts.Token) == 0)
                {
                    return true;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public void Dispose()
    {
        Ssl.Dispose();
        _tcp.Dispose();
    }

    private async Task<bool> ReadExactAsync(byte[] buffer, CancellationToken token)
    {
        int read = 0;
        try
        {
            while (read < buffer.Length)
            {
                int n = await Ssl.ReadAsync(buffer.AsMemory(read), token);
                if (n == 0)
                {
                    return false;
                }

                read += n;
            }
        }
        catch (IOException)
        {
            return false;
        }

        return true;
    }
}
