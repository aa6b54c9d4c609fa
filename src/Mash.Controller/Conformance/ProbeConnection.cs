using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Mash.Controller.Transport;
using Mash.Protocol.DotNet;
using Mash.Protocol.Wire;

namespace Mash.Controller.Conformance;

/// <summary>
/// The runner's own TLS connection to the device: it sends exactly the bytes a step asks for
/// (broken frames included), keeps every frame the device sends in an inbox that steps search,
/// answers pings unless told not to, and records how and when the connection ended.
/// </summary>
internal sealed class ProbeConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly SslStream _stream;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<ReceivedFrame> _inbox = [];
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _reader = Task.CompletedTask;

    private ProbeConnection(string name, Socket socket, SslStream stream)
    {
        Name = name;
        _socket = socket;
        _stream = stream;
    }

    public string Name { get; }

    public SslProtocols Protocol => _stream.SslProtocol;

    public TlsCipherSuite CipherSuite => _stream.NegotiatedCipherSuite;

    public string Alpn => _stream.NegotiatedApplicationProtocol.ToString();

    /// <summary>Answer the device's pings (default); off to watch what a silent peer gets.</summary>
    public bool AutoPong { get; set; } = true;

    /// <summary>Set once the connection has ended: how (end of stream, reset, close message...).</summary>
    public string? Ended { get; private set; }

    /// <summary>Seconds since the connection opened at which it ended.</summary>
    public double EndedAt { get; private set; }

    /// <summary>Seconds since the connection opened.</summary>
    public double Now => _clock.Elapsed.TotalSeconds;

    /// <summary>
    /// Arrival time of the last frame a step took (0 before any): timed expectations count from
    /// there, so a runner that is slow to start the next step does not shift the device's timing.
    /// </summary>
    public double LastTaken { get; private set; }

    /// <summary>Dials and runs the TLS handshake; a failed handshake throws <see cref="AuthenticationException"/> or <see cref="IOException"/>.</summary>
    public static async Task<ProbeConnection> ConnectAsync(string name, string host, int port, ProbeTls tls, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        Socket socket = await HostDialer.DialAsync(host, port, limit.Token).ConfigureAwait(false);
        var stream = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
        try
        {
            var options = new SslClientAuthenticationOptions
            {
                EnabledSslProtocols = tls.Protocols,
                TargetHost = tls.TargetHost ?? HostDialer.StripBrackets(host),
                AllowRenegotiation = false,
                AllowTlsResume = false,
                CertificateChainPolicy = OfflineChainPolicy.Create(),
#pragma warning disable CA5359 // Commissioning connections: PASE authenticates the device, as in the Commissioner.
                RemoteCertificateValidationCallback = tls.Validator ?? AcceptAny,
#pragma warning restore CA5359
            };
            if (tls.Alpn.Count > 0)
            {
                options.ApplicationProtocols = [];
                foreach (string protocol in tls.Alpn)
                {
                    options.ApplicationProtocols.Add(new SslApplicationProtocol(protocol));
                }
            }

            if (tls.Suites is not null)
            {
                if (OperatingSystem.IsWindows())
                {
                    throw new CaseSkippedException("choosing TLS cipher suites needs Linux or macOS");
                }

                options.CipherSuitesPolicy = new CipherSuitesPolicy(tls.Suites);
            }

            if (tls.ClientCertificate is not null)
            {
                options.ClientCertificateContext = SslStreamCertificateContext.Create(tls.ClientCertificate, additionalCertificates: null, offline: true);
            }

            await stream.AuthenticateAsClientAsync(options, limit.Token).ConfigureAwait(false);
            var connection = new ProbeConnection(name, socket, stream);
            connection._reader = Task.Run(connection.ReadLoopAsync, CancellationToken.None);
            return connection;
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static bool AcceptAny(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) => true;

    public async Task SendRawAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
        {
            throw new StepFailedException($"{Name}: sending failed, the connection is gone ({Ended ?? ex.Message})", ex);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Sends a payload with its 4-byte big-endian length.</summary>
    public Task SendFrameAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        byte[] frame = new byte[FrameFormat.HeaderSize + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)payload.Length);
        payload.CopyTo(frame.AsMemory(FrameFormat.HeaderSize));
        return SendRawAsync(frame, cancellationToken);
    }

    public Task SendControlAsync(ControlMessage message, CancellationToken cancellationToken)
    {
        byte[] payload = new byte[ControlCodec.GetEncodedLength(message)];
        ControlCodec.Write(payload, message);
        return SendFrameAsync(payload, cancellationToken);
    }

    /// <summary>
    /// Removes and returns the first frame (received so far or arriving before <paramref name="deadline"/>)
    /// that <paramref name="match"/> accepts; null when none came in time or the connection ended without one.
    /// </summary>
    public async Task<ReceivedFrame?> TakeAsync(Func<ReceivedFrame, bool> match, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            Task arrived;
            lock (_gate)
            {
                for (int i = 0; i < _inbox.Count; i++)
                {
                    if (match(_inbox[i]))
                    {
                        ReceivedFrame found = _inbox[i];
                        _inbox.RemoveAt(i);
                        LastTaken = Math.Max(LastTaken, found.At);
                        return found;
                    }
                }

                if (Ended is not null)
                {
                    return null;
                }

                arrived = _arrived.Task;
            }

            TimeSpan left = deadline - watch.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                return null;
            }

            try
            {
                await arrived.WaitAsync(left, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Look once more, then give up.
            }
        }
    }

    /// <summary>Frames still in the inbox that <paramref name="match"/> accepts (not removed).</summary>
    public List<ReceivedFrame> Peek(Func<ReceivedFrame, bool> match)
    {
        lock (_gate)
        {
            return _inbox.FindAll(f => match(f));
        }
    }

    /// <summary>Waits until the device ends the connection; false when it is still open at the deadline.</summary>
    public async Task<bool> WaitEndedAsync(TimeSpan deadline, CancellationToken cancellationToken)
    {
        try
        {
            await _reader.WaitAsync(deadline, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Cuts TCP at once (RST), as a failed network would, without a close message.</summary>
    public async Task AbortAsync()
    {
        try
        {
            _socket.LingerState = new LingerOption(true, 0);
        }
        catch (SocketException)
        {
            // Already gone.
        }

        await DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        MarkEnded("closed by the runner");
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        await _stream.DisposeAsync().ConfigureAwait(false);
        try
        {
            await _reader.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // Stopping.
        }

        _stop.Dispose();
        _writeLock.Dispose();
    }

    private async Task ReadLoopAsync()
    {
        var reader = new FrameReader();
        byte[] buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                int n = await _stream.ReadAsync(buffer, _stop.Token).ConfigureAwait(false);
                if (n == 0)
                {
                    MarkEnded(reader.InsideFrame ? "the device ended the stream inside a frame" : "the device ended the connection");
                    return;
                }

                int offset = 0;
                while (offset < n)
                {
                    offset += reader.Push(buffer, offset, n - offset);
                    if (reader.Error != FrameError.None)
                    {
                        MarkEnded("the device sent a broken frame: " + reader.Error);
                        return;
                    }

                    if (reader.TryTakeFrame(out byte[] frameBuffer, out int frameLength))
                    {
                        await OnFrameAsync(frameBuffer.AsSpan(0, frameLength).ToArray()).ConfigureAwait(false);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            MarkEnded("closed by the runner");
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or AuthenticationException)
        {
            MarkEnded("connection reset: " + ex.Message);
        }
    }

    private async Task OnFrameAsync(byte[] payload)
    {
        MessageKind kind = MessageClassifier.Classify(payload);
        if (kind == MessageKind.Notification && IsErrorWithoutId(payload))
        {
            // {1: 0, 2: status, 3: {1: text}}: the answer to a request whose ID could not be read.
            kind = MessageKind.Response;
        }

        ControlMessage? control = null;
        if (kind == MessageKind.Control && ControlCodec.TryDecode(payload, out ControlMessage decoded))
        {
            control = decoded;
            if (decoded.Type == ControlMessageType.Close)
            {
                // The device is closing: acknowledge, as every MASH peer must, so it can end at once.
                try
                {
                    await SendControlAsync(ControlCodec.CloseAcknowledgementFor(decoded), _stop.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is StepFailedException or OperationCanceledException)
                {
                    // Already gone.
                }
            }
            else if (decoded.Type == ControlMessageType.Ping && AutoPong)
            {
                try
                {
                    await SendControlAsync(ControlCodec.PongFor(decoded), _stop.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is StepFailedException or OperationCanceledException)
                {
                    // The connection is ending; the inbox still records the ping.
                }
            }
        }

        lock (_gate)
        {
            _inbox.Add(new ReceivedFrame(payload, kind, Now, control));
            TaskCompletionSource done = _arrived;
            _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            done.TrySetResult();
        }
    }

    private static bool IsErrorWithoutId(byte[] payload)
    {
        try
        {
            MessageCodec.DecodeNotification(payload);
            return false;
        }
        catch (WireFormatException)
        {
            try
            {
                return MessageCodec.DecodeResponse(payload).MessageId == 0;
            }
            catch (WireFormatException)
            {
                return false;
            }
        }
    }

    private void MarkEnded(string how)
    {
        lock (_gate)
        {
            if (Ended is null)
            {
                Ended = how;
                EndedAt = Now;
            }

            _arrived.TrySetResult();
        }
    }
}
