using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Mash.Device.Diagnostics;
using Mash.Device.Runtime;
using Mash.Device.Transport;

namespace Mash.Device.Host.Transport;

/// <summary>
/// The device's TCP/TLS endpoint: one dual-stack IPv6 socket (IPv4 clients arrive as
/// IPv4-mapped addresses), a fixed number of connection slots counted from accept so that excess
/// and half-open connections never reach TLS or the core, a handshake timeout, and the TLS 1.3
/// profile of <see cref="TlsServerSettings"/>. A connection that completes the handshake with ALPN
/// <c>mash/1</c> is handed to the <see cref="ConnectionManager"/> on the scheduler thread.
/// </summary>
public sealed class TlsListener : IDisposable
{
    private readonly Scheduler _scheduler;
    private readonly ConnectionManager _manager;
    private readonly Logger _log;
    private readonly SslServerAuthenticationOptions _tls;
    private readonly int _maxConnections;
    private readonly object _gate = new();
    private readonly List<HostConnection> _live = [];
    private Socket? _socket;
    private Thread? _acceptThread;
    private int _active;
    private long _accepted;
    private long _refused;
    private long _handshakeFailures;

    public TlsListener(Scheduler scheduler, ConnectionManager manager, ILogSink log, Func<string?, X509Certificate2> selectCertificate, IClientCertificateTrust trust, int maxConnections = TransportLimits.MaxConnections)
    {
        HandshakeTimeout = TimeSpan.FromSeconds(TransportLimits.HandshakeTimeoutSeconds);
        FrameTimeout = TimeSpan.FromSeconds(TransportLimits.FrameTimeoutSeconds);
        _scheduler = scheduler;
        _manager = manager;
        _log = new Logger(log, "tls");
        _maxConnections = maxConnections;
        _tls = TlsServerSettings.Create(selectCertificate, trust, problem => _log.Warn($"client certificate refused: {problem}"));
    }

    /// <summary>How long a TLS handshake may take; half-open connections lose their slot after it.</summary>
    public TimeSpan HandshakeTimeout { get; init; }

    /// <summary>How long one frame may take from its first to its last byte.</summary>
    public TimeSpan FrameTimeout { get; init; }

    /// <summary>The clock of the frame deadline; tests pass a fake one to step over the timeouts.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Lab-only broken mode: zero-length frames are ignored instead of closing the connection.</summary>
    public bool IgnoreZeroLengthFrames { get; init; }

    /// <summary>The bound port (useful when started on port 0).</summary>
    public int Port { get; private set; }

    /// <summary>Connections refused because every slot was taken.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Handshakes that failed (TLS 1.2 clients, wrong ALPN, untrusted certificates, timeouts).</summary>
    public long HandshakeFailures => Interlocked.Read(ref _handshakeFailures);

    /// <summary>TCP connections currently holding a slot, including ones still in their handshake.</summary>
    public int Active => Volatile.Read(ref _active);

    public void Start(int port, IPAddress? address = null)
    {
        // No ReuseAddress: on Linux .NET turns it into SO_REUSEPORT, which lets a second device
        // bind the same port and the kernel then spreads controllers over both. .NET already sets
        // SO_REUSEADDR on Unix, so a restart still binds while old connections sit in TIME_WAIT.
        var socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = true };
        try
        {
            socket.Bind(new IPEndPoint(address ?? IPAddress.IPv6Any, port));
        }
        catch (SocketException)
        {
            socket.Dispose();
            throw;
        }

        socket.Listen(32);
        _socket = socket;
        Port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        _acceptThread = new Thread(AcceptLoop) { IsBackground = true, Name = "mash-accept" };
        _acceptThread.Start();
        _log.Info($"listening on [::]:{Port} (TLS 1.3, ALPN {TransportLimits.Alpn}, {_maxConnections} connection slots)");
    }

    /// <summary>Stops accepting; existing connections are closed by the core (graceful close).</summary>
    public void StopAccepting()
    {
        Socket? socket = Interlocked.Exchange(ref _socket, null);
        socket?.Close();
        _acceptThread?.Join(TimeSpan.FromSeconds(2));
    }

    /// <summary>Waits up to <paramref name="timeout"/> for every connection to end.</summary>
    public bool WaitForConnections(TimeSpan timeout)
    {
        Task[] pending;
        lock (_gate)
        {
            pending = _live.ConvertAll(c => c.Completion).ToArray();
        }

        return Task.WaitAll(pending, timeout);
    }

    public void Dispose()
    {
        StopAccepting();
        lock (_gate)
        {
            foreach (HostConnection c in _live)
            {
                c.Abort();
            }
        }
    }

    private void AcceptLoop()
    {
        while (_socket is { } listening)
        {
            Socket client;
            try
            {
                client = listening.Accept();
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                return; // stopped
            }

            if (Interlocked.Increment(ref _active) > _maxConnections)
            {
                Interlocked.Decrement(ref _active);
                long refused = Interlocked.Increment(ref _refused);
                _log.Warn($"refused {client.RemoteEndPoint}: all {_maxConnections} connection slots in use ({refused} refused so far)");
                client.Close(0);
                continue;
            }

            long order = ++_accepted;
            _ = Task.Run(() => ServeAsync(client, order));
        }
    }

    private async Task ServeAsync(Socket client, long acceptOrder)
    {
        string remote = client.RemoteEndPoint?.ToString() ?? "?";
        client.NoDelay = true;
        var ssl = new SslStream(new NetworkStream(client, ownsSocket: true), leaveInnerStreamOpen: false);
        HostConnection? connection = null;
        try
        {
            using (var timeout = new CancellationTokenSource(HandshakeTimeout))
            {
                await ssl.AuthenticateAsServerAsync(_tls, timeout.Token).ConfigureAwait(false);
            }

            if (ssl.SslProtocol != SslProtocols.Tls13 || ssl.NegotiatedApplicationProtocol != TlsServerSettings.Alpn)
            {
                throw new AuthenticationException($"peer did not negotiate TLS 1.3 with ALPN {TransportLimits.Alpn}");
            }

            X509Certificate2? clientCertificate = ssl.RemoteCertificate is null
                ? null
                : X509CertificateLoader.LoadCertificate(ssl.RemoteCertificate.GetRawCertData());
            var peer = new PeerCredentials(clientCertificate, ssl.NegotiatedCipherSuite.ToString(), acceptOrder);
            connection = new HostConnection(client, ssl, _scheduler, _manager, _log, remote, FrameTimeout, TimeProvider) { IgnoreZeroLengthFrames = IgnoreZeroLengthFrames };
            lock (_gate)
            {
                _live.Add(connection);
            }

            HostConnection opened = connection;
            _scheduler.Post(() => opened.Core = _manager.Open(opened, peer));
            connection.Start();
            await connection.Completion.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException or OperationCanceledException or SocketException or ObjectDisposedException)
        {
            Interlocked.Increment(ref _handshakeFailures);
            _log.Info($"handshake with {remote} failed: {ex.InnerException?.Message ?? ex.Message}");
        }
        finally
        {
            if (connection is not null)
            {
                lock (_gate)
                {
                    _live.Remove(connection);
                }
            }

            await ssl.DisposeAsync().ConfigureAwait(false);
            Interlocked.Decrement(ref _active);
        }
    }
}
