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
/// IPv4-mapped addresses), a handshake timeout, and the TLS 1.3 profile of
/// <see cref="TlsServerSettings"/>. A connection that completes the handshake with ALPN
/// <c>mash/1</c> is handed to the <see cref="ConnectionManager"/> on the scheduler thread, which
/// owns the connection slots.
/// <para>
/// Until its handshake is done a connection is unauthenticated: nothing says it belongs to a
/// zone. Such connections get a small budget of their own, and when it is full the OLDEST one is
/// dropped to admit the new one. Refusing the newcomer instead would let a few idle sockets lock
/// every controller out; dropping the oldest keeps memory bounded however many sockets an
/// attacker opens, and a controller's handshake (milliseconds) finishes long before it would be
/// the oldest again unless sockets keep arriving faster than that.
/// </para>
/// </summary>
public sealed class TlsListener : IDisposable
{
    private readonly Scheduler _scheduler;
    private readonly ConnectionManager _manager;
    private readonly Logger _log;
    private readonly SslServerAuthenticationOptions _tls;
    private readonly int _handshakeBudget;
    private readonly object _gate = new();
    private readonly List<HostConnection> _live = [];
    private readonly LinkedList<CancellationTokenSource> _handshaking = [];
    private Socket? _socket;
    private Thread? _acceptThread;
    private long _accepted;
    private long _evicted;
    private long _handshakeFailures;

    public TlsListener(Scheduler scheduler, ConnectionManager manager, ILogSink log, Func<string?, X509Certificate2> selectCertificate, IClientCertificateTrust trust, int handshakeBudget = TransportLimits.UnauthenticatedConnections)
    {
        HandshakeTimeout = TimeSpan.FromSeconds(TransportLimits.HandshakeTimeoutSeconds);
        _scheduler = scheduler;
        _manager = manager;
        _log = new Logger(log, "tls");
        ArgumentOutOfRangeException.ThrowIfLessThan(handshakeBudget, 1);
        _handshakeBudget = handshakeBudget;
        _tls = TlsServerSettings.Create(selectCertificate, trust, problem => _log.Warn($"client certificate refused: {problem}"));
    }

    /// <summary>How long a TLS handshake may take; a half-open connection is dropped after it.</summary>
    public TimeSpan HandshakeTimeout { get; init; }

    /// <summary>The bound port (useful when started on port 0).</summary>
    public int Port { get; private set; }

    /// <summary>Connections dropped during their handshake to admit a newer one (budget full).</summary>
    public long Evicted => Interlocked.Read(ref _evicted);

    /// <summary>Handshakes that failed (TLS 1.2 clients, wrong ALPN, untrusted certificates, timeouts).</summary>
    public long HandshakeFailures => Interlocked.Read(ref _handshakeFailures);

    /// <summary>TCP connections still in their TLS handshake.</summary>
    public int Handshaking
    {
        get
        {
            lock (_gate)
            {
                return _handshaking.Count;
            }
        }
    }

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
        _log.Info($"listening on [::]:{Port} (TLS 1.3, ALPN {TransportLimits.Alpn}, {_manager.Capacity} connection slots, {_handshakeBudget} for handshakes)");
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

            // The handshake deadline starts at accept; the source also lets a newer connection
            // cancel this handshake when the budget is full.
            var handshake = new CancellationTokenSource(HandshakeTimeout);
            LinkedListNode<CancellationTokenSource> node;
            CancellationTokenSource? oldest = null;
            lock (_gate)
            {
                if (_handshaking.Count >= _handshakeBudget)
                {
                    oldest = _handshaking.First!.Value;
                    _handshaking.RemoveFirst();
                }

                node = _handshaking.AddLast(handshake);
            }

            if (oldest is not null)
            {
                long evicted = Interlocked.Increment(ref _evicted);
                if (evicted == 1 || evicted % 100 == 0)
                {
                    // Once per burst, not per socket: a flood must not flood the log too.
                    _log.Warn($"all {_handshakeBudget} handshake slots busy: dropped the oldest unauthenticated connection ({evicted} so far)");
                }

                try
                {
                    oldest.Cancel();
                }
                catch (ObjectDisposedException)
                {
                    // its handshake ended on its own meanwhile
                }
            }

            long order = ++_accepted;
            _ = Task.Run(() => ServeAsync(client, order, node));
        }
    }

    private async Task ServeAsync(Socket client, long acceptOrder, LinkedListNode<CancellationTokenSource> handshake)
    {
        string remote = client.RemoteEndPoint?.ToString() ?? "?";
        client.NoDelay = true;
        var ssl = new SslStream(new NetworkStream(client, ownsSocket: true), leaveInnerStreamOpen: false);
        HostConnection? connection = null;
        try
        {
            try
            {
                await ssl.AuthenticateAsServerAsync(_tls, handshake.Value.Token).ConfigureAwait(false);
            }
            finally
            {
                EndHandshake(handshake);
            }

            if (ssl.SslProtocol != SslProtocols.Tls13)
            {
                throw new AuthenticationException("peer did not negotiate TLS 1.3");
            }

            X509Certificate2? clientCertificate = ssl.RemoteCertificate is null
                ? null
                : X509CertificateLoader.LoadCertificate(ssl.RemoteCertificate.GetRawCertData());
            var peer = new PeerCredentials(clientCertificate?.RawData, clientCertificate?.Subject, ssl.NegotiatedCipherSuite.ToString(), acceptOrder);
            connection = new HostConnection(client, ssl, _scheduler, _manager, remote);
            lock (_gate)
            {
                _live.Add(connection);
            }

            HostConnection opened = connection;
            // The core decides on the ALPN outcome (it refuses anything but mash/1) and gets the SNI.
            string? serverName = string.IsNullOrEmpty(ssl.TargetHostName) ? null : ssl.TargetHostName;
            string? alpn = ssl.NegotiatedApplicationProtocol.Protocol.IsEmpty ? null : ssl.NegotiatedApplicationProtocol.ToString();
            _scheduler.Post(() => opened.Core = _manager.Open(opened, peer, serverName, alpn));
            connection.Start();
            await connection.Completion.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException or OperationCanceledException or SocketException or ObjectDisposedException)
        {
            Interlocked.Increment(ref _handshakeFailures);
            if (connection is null && handshake.Value.IsCancellationRequested)
            {
                // Timed out or evicted: a flood of these must not flood the log (evictions are
                // summarised above).
                _log.Debug($"handshake with {remote} abandoned: {ex.Message}");
            }
            else
            {
                _log.Info($"handshake with {remote} failed: {ex.InnerException?.Message ?? ex.Message}");
            }
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
            handshake.Value.Dispose();
        }
    }

    /// <summary>The handshake ended (done, failed or evicted): it no longer counts against the budget.</summary>
    private void EndHandshake(LinkedListNode<CancellationTokenSource> handshake)
    {
        lock (_gate)
        {
            if (handshake.List is not null)
            {
                _handshaking.Remove(handshake);
            }
        }
    }
}
