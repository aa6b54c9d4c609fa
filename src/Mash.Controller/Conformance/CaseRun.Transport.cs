using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Threading.Tasks;
using Mash.Controller.Transport;
using Mash.Protocol.Wire;

namespace Mash.Controller.Conformance;

/// <summary>TLS, framing, keep-alive and connection steps.</summary>
internal sealed partial class CaseRun
{
    private const string ExpectOk = "ok";
    private const string ExpectRefused = "refused";

    private async Task ConnectAsync(ConformanceStep s)
    {
        string name = s.Conn ?? DefaultConnection;
        if (_connections.Remove(name, out ProbeConnection? previous))
        {
            await previous.DisposeAsync().ConfigureAwait(false);
        }

        bool commissioning = string.Equals(s.Mode, "commissioning", StringComparison.Ordinal);
        if (!commissioning && s.Mode is not null && s.Mode != "operational")
        {
            throw new FormatException($"mode \"{s.Mode}\" is neither operational nor commissioning");
        }

        ProbeTls tls = commissioning ? new ProbeTls() : DeviceSession.OperationalTls(await ZoneAsync(s.Zone).ConfigureAwait(false));
        tls = new ProbeTls
        {
            ClientCertificate = tls.ClientCertificate,
            TargetHost = tls.TargetHost,
            Validator = tls.Validator,
            Protocols = TlsVersion(s.Tls),
            Suites = s.Suites is null ? null : Suites(s.Suites),
            Alpn = s.Alpn ?? tls.Alpn,
        };

        string expect = s.Expect ?? ExpectOk;
        string offered = $"TLS {s.Tls ?? "1.3"}, suites {(s.Suites is null ? "default" : string.Join(",", s.Suites))}, ALPN [{string.Join(",", tls.Alpn)}], {(commissioning ? "no client certificate" : "zone " + (s.Zone ?? DeviceSession.MainZone))}";
        ProbeConnection connection;
        try
        {
            connection = await ProbeConnection.ConnectAsync(name, Options.Host, Options.Port, tls, Options.StepTimeout, _cancel).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException or SocketException or OperationCanceledException && !_cancel.IsCancellationRequested)
        {
            if (expect == ExpectRefused)
            {
                Note($"refused as expected ({offered}): {ex.Message}");
                return;
            }

            throw new StepFailedException($"connecting with {offered} failed: {ex.Message}", ex);
        }

        if (expect == ExpectRefused)
        {
            // A device may complete the handshake and then hang up (e.g. after checking ALPN).
            string negotiated = $"{connection.Protocol}, {connection.CipherSuite}, ALPN \"{connection.Alpn}\"";
            bool ended = await connection.WaitEndedAsync(TimeSpan.FromSeconds(2), _cancel).ConfigureAwait(false);
            string how = connection.Ended ?? "still open";
            await connection.DisposeAsync().ConfigureAwait(false);
            if (!ended)
            {
                throw new StepFailedException($"the device accepted {offered} (negotiated {negotiated}) and kept the connection open; expected a refusal");
            }

            Note($"handshake completed, then the device hung up at once ({how}); counts as refused");
            return;
        }

        if (expect != ExpectOk)
        {
            throw new FormatException($"connect expects ok or refused, not \"{expect}\"");
        }

        _connections[name] = connection;
        if (!commissioning)
        {
            _connectionZones[name] = s.Zone ?? DeviceSession.MainZone;
        }
        else
        {
            _connectionZones.Remove(name);
        }

        Note($"connected {name}: {connection.Protocol}, {connection.CipherSuite}, ALPN \"{connection.Alpn}\"");
    }

    private Task ExpectTls(ConformanceStep s)
    {
        ProbeConnection c = Connection(s);
        SslProtocols want = TlsVersion(s.Tls);
        if (c.Protocol != want)
        {
            throw new StepFailedException($"negotiated {c.Protocol}, expected {want}");
        }

        if (s.Suites is not null && !Suites(s.Suites).Contains(c.CipherSuite))
        {
            throw new StepFailedException($"negotiated suite {c.CipherSuite}, expected one of {string.Join(", ", s.Suites)}");
        }

        string alpn = s.Alpn is { Count: > 0 } a ? a[0] : MashConnection.ApplicationProtocol;
        if (!string.Equals(c.Alpn, alpn, StringComparison.Ordinal))
        {
            throw new StepFailedException($"negotiated ALPN \"{c.Alpn}\", expected \"{alpn}\"");
        }

        Note($"{c.Protocol}, {c.CipherSuite}, ALPN \"{c.Alpn}\" as expected");
        return Task.CompletedTask;
    }

    private async Task OpensslConnectAsync(ConformanceStep s)
    {
        string groups = string.Join(":", s.Groups!);
        string host = Options.Host.Contains(':', StringComparison.Ordinal) && !Options.Host.StartsWith('[') ? "[" + Options.Host + "]" : Options.Host;
        var info = new ProcessStartInfo(Options.OpensslPath ?? "openssl")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in (string[])["s_client", "-connect", host + ":" + Options.Port.ToString(CultureInfo.InvariantCulture), "-tls1_3", "-groups", groups, "-alpn", "mash/1", "-brief"])
        {
            info.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(info) ?? throw new CaseSkippedException("openssl could not be started");
        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(_cancel);
        Task<string> stderr = process.StandardError.ReadToEndAsync(_cancel);
        try
        {
            await process.WaitForExitAsync(_cancel).WaitAsync(Options.StepTimeout, _cancel).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new StepFailedException("openssl s_client did not finish within " + Options.StepTimeout.TotalSeconds + " s");
        }

        string output = await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false);
        bool established = output.Contains("CONNECTION ESTABLISHED", StringComparison.Ordinal) && output.Contains("TLSv1.3", StringComparison.Ordinal);
        string? negotiated = NegotiatedGroup(output);
        string expect = s.Expect ?? ExpectOk;
        if (expect == ExpectOk)
        {
            if (!established)
            {
                throw new StepFailedException($"TLS 1.3 with groups {groups} failed: {Shorten(output)}");
            }

            string? wanted = s.Group ?? (s.Groups!.Count == 1 ? s.Groups[0] : null);
            if (negotiated is not null && wanted is not null && !Same(negotiated, wanted))
            {
                throw new StepFailedException($"negotiated group {negotiated}, expected {wanted} (offered {groups})");
            }

            Note($"TLS 1.3 with groups {groups}: established (group {negotiated ?? "not reported"})");
        }
        else if (established)
        {
            throw new StepFailedException($"TLS 1.3 with groups {groups} was accepted (group {negotiated ?? "?"}); expected a refusal");
        }
        else
        {
            Note($"TLS 1.3 with groups {groups}: refused as expected");
        }
    }

    private static string? NegotiatedGroup(string output)
    {
        foreach (string line in output.Split('\n'))
        {
            foreach (string prefix in (string[])["Negotiated TLS1.3 group:", "Server Temp Key:", "Peer Temp Key:"])
            {
                if (line.StartsWith(prefix, StringComparison.Ordinal))
                {
                    // "ECDH, prime256v1, 256 bits" or "X25519, 253 bits"
                    string[] parts = line[prefix.Length..].Split(',');
                    return (parts[0].Trim() == "ECDH" && parts.Length > 1 ? parts[1] : parts[0]).Trim();
                }
            }
        }

        return null;
    }

    private static bool Same(string negotiated, string offered)
    {
        static string Norm(string g) => g.Replace("-", string.Empty, StringComparison.Ordinal).ToUpperInvariant() switch
        {
            "PRIME256V1" or "SECP256R1" or "P256" => "P256",
            "SECP521R1" or "P521" => "P521",
            var other => other,
        };
        return Norm(negotiated) == Norm(offered);
    }

    private static string Shorten(string text)
    {
        string flat = text.Replace('\n', ' ').Trim();
        return flat.Length <= 300 ? flat : flat[..297] + "...";
    }

    private async Task ExpectClosedAsync(ConformanceStep s)
    {
        ProbeConnection c = Connection(s);
        double start = c.Now;
        TimeSpan within = Seconds(s.Within!);
        if (!await c.WaitEndedAsync(within, _cancel).ConfigureAwait(false))
        {
            throw new StepFailedException($"the connection is still open after {within.TotalSeconds:F1} s");
        }

        List<ReceivedFrame> answers = c.Peek(f => f.Kind is MessageKind.Response or MessageKind.Notification);
        string closeMessage = c.Peek(f => f.Control is { Type: ControlMessageType.Close }).Count > 0 ? " after a close message" : string.Empty;
        Note($"the device closed the connection{closeMessage} after {Math.Max(0, c.EndedAt - start):F2} s ({c.Ended}){(answers.Count > 0 ? $"; it had sent {answers.Count} other frame(s)" : string.Empty)}");
    }

    private async Task ExpectQuietAsync(ConformanceStep s)
    {
        ProbeConnection c = Connection(s);
        TimeSpan span = Seconds(s.For!);
        ReceivedFrame? frame = await c.TakeAsync(f => f.Control is not { Type: ControlMessageType.Ping or ControlMessageType.Pong }, span, _cancel).ConfigureAwait(false);
        if (frame is not null)
        {
            throw new StepFailedException($"expected silence for {span.TotalSeconds:F1} s, the device sent a {frame.Kind} frame: {frame.Hex}");
        }

        if (c.Ended is not null)
        {
            throw new StepFailedException($"expected the connection to stay open, it ended: {c.Ended}");
        }

        Note($"nothing received for {span.TotalSeconds:F1} s, connection open");
    }

    private async Task PingAsync(ConformanceStep s)
    {
        ProbeConnection c = Connection(s);
        uint sequence = s.Sequence is null ? 1 : (uint)Int(s.Sequence);
        TimeSpan within = SecondsOr(s.Within, Options.StepTimeout);
        double sent = c.Now;
        await c.SendControlAsync(new ControlMessage(ControlMessageType.Ping, sequence), _cancel).ConfigureAwait(false);
        ReceivedFrame? pong = await c.TakeAsync(f => f.Control is { Type: ControlMessageType.Pong } p && p.Sequence == sequence, within, _cancel).ConfigureAwait(false);
        if (pong is null)
        {
            throw new StepFailedException($"no pong with sequence {sequence} within {within.TotalSeconds:F1} s{(c.Ended is null ? string.Empty : " (" + c.Ended + ")")}");
        }

        Note($"pong {sequence} after {(pong.At - sent) * 1000:F0} ms");
    }

    private async Task ExpectPingAsync(ConformanceStep s)
    {
        ProbeConnection c = Connection(s);
        double start = c.LastTaken;
        TimeSpan within = Seconds(s.Within!) - TimeSpan.FromSeconds(c.Now - start);
        ReceivedFrame? ping = await c.TakeAsync(f => f.Control is { Type: ControlMessageType.Ping }, within, _cancel).ConfigureAwait(false);
        if (ping is null)
        {
            throw new StepFailedException($"the device sent no ping within {s.Within} s of the previous frame{(c.Ended is null ? string.Empty : " (" + c.Ended + ")")}");
        }

        double after = ping.At - start;
        if (s.NotBefore is not null && after < (double)Number(s.NotBefore))
        {
            throw new StepFailedException($"the device pinged after {after:F2} s, earlier than {s.NotBefore} s");
        }

        Note($"device ping {ping.Control!.Value.Sequence} after {after:F2} s{(c.AutoPong ? ", answered" : string.Empty)}");
    }

    private async Task CloseAsync(ConformanceStep s)
    {
        ProbeConnection c = Connection(s);
        TimeSpan within = SecondsOr(s.Within, TimeSpan.FromSeconds(5));
        double sent = c.Now;
        await c.SendControlAsync(new ControlMessage(ControlMessageType.Close), _cancel).ConfigureAwait(false);
        ReceivedFrame? ack = await c.TakeAsync(f => f.Control is { Type: ControlMessageType.CloseAck or ControlMessageType.Close }, within, _cancel).ConfigureAwait(false);
        if (ack is null)
        {
            throw new StepFailedException($"no close_ack within {within.TotalSeconds:F1} s{(c.Ended is null ? string.Empty : " (" + c.Ended + ")")}");
        }

        if (!await c.WaitEndedAsync(within, _cancel).ConfigureAwait(false))
        {
            throw new StepFailedException("close acknowledged but the device kept the TCP connection open");
        }

        Note($"{ack.Control!.Value.Type} after {(ack.At - sent) * 1000:F0} ms, then the connection ended ({c.Ended})");
        _connections.Remove(s.Conn ?? DefaultConnection);
        await c.DisposeAsync().ConfigureAwait(false);
    }

    private async Task DropAsync(ConformanceStep s)
    {
        ProbeConnection c = Connection(s);
        _connections.Remove(s.Conn ?? DefaultConnection);
        await c.AbortAsync().ConfigureAwait(false);
        Note("connection cut without a close message (TCP reset)");
    }

    /// <summary>
    /// Fills the device's connection slots with bare TCP connections (no handshake) up to
    /// <c>count</c>, counting the connections this case holds, and expects the next one to be
    /// turned away at once.
    /// </summary>
    private async Task ConnectionLimitAsync(ConformanceStep s)
    {
        int total = Int(s.Count!);
        int held = 0;
        foreach (ProbeConnection c in _connections.Values)
        {
            if (c.Ended is null)
            {
                held++;
            }
        }

        var sockets = new List<Socket>();
        try
        {
            for (int k = held; k < total; k++)
            {
                Socket accepted;
                try
                {
                    accepted = await HostDialer.DialAsync(Options.Host, Options.Port, _cancel).ConfigureAwait(false);
                }
                catch (MashConnectionException ex)
                {
                    throw new StepFailedException($"connection {k + 1} of {total} was turned away ({ex.Message}); the device should accept {total} at once ({held} held by this case)", ex);
                }

                sockets.Add(accepted);
                if (await TurnedAwayAsync(accepted, TimeSpan.FromMilliseconds(400)).ConfigureAwait(false))
                {
                    throw new StepFailedException($"connection {k + 1} of {total} was turned away; the device should accept {total} at once ({held} held by this case)");
                }
            }

            Socket? extra = null;
            try
            {
                extra = await HostDialer.DialAsync(Options.Host, Options.Port, _cancel).ConfigureAwait(false);
                sockets.Add(extra);
            }
            catch (MashConnectionException ex)
            {
                Note($"connection {total + 1} reset while connecting: {ex.Message}");
            }

            if (extra is not null && !await TurnedAwayAsync(extra, TimeSpan.FromSeconds(2)).ConfigureAwait(false))
            {
                throw new StepFailedException($"connection {total + 1} was accepted; the device should refuse more than {total}");
            }

            Note($"{total} connections held ({held} by this case), connection {total + 1} turned away at once");
        }
        finally
        {
            foreach (Socket socket in sockets)
            {
                socket.Dispose();
            }

            // Let the device notice the closed slots before the next step.
            await Task.Delay(TimeSpan.FromMilliseconds(500), _cancel).ConfigureAwait(false);
        }
    }

    private async Task<bool> TurnedAwayAsync(Socket socket, TimeSpan wait)
    {
        byte[] one = new byte[1];
        using var limit = new System.Threading.CancellationTokenSource(wait);
        using var linked = System.Threading.CancellationTokenSource.CreateLinkedTokenSource(limit.Token, _cancel);
        try
        {
            int n = await socket.ReceiveAsync(one, SocketFlags.None, linked.Token).ConfigureAwait(false);
            return n == 0;
        }
        catch (SocketException)
        {
            return true;
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !_cancel.IsCancellationRequested)
        {
            return false;
        }
    }

    private static SslProtocols TlsVersion(string? version) => version switch
    {
        null or "1.3" => SslProtocols.Tls13,
#pragma warning disable CA5397, CA5398 // Offering TLS 1.2 is the point: the device must refuse it.
        "1.2" => SslProtocols.Tls12,
#pragma warning restore CA5397, CA5398
        _ => throw new FormatException($"TLS version \"{version}\" (use 1.2 or 1.3)"),
    };

    private static List<TlsCipherSuite> Suites(List<string> names)
    {
        var suites = new List<TlsCipherSuite>(names.Count);
        foreach (string name in names)
        {
            suites.Add(Enum.TryParse(name, ignoreCase: false, out TlsCipherSuite suite) ? suite : throw new FormatException($"unknown cipher suite \"{name}\""));
        }

        return suites;
    }
}
