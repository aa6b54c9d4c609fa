using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Sockets;
using System.Text;
using Mash.Device.Diagnostics;
using Mash.Device.Host.Diagnostics;

namespace Mash.Device.Host.Tests.EndToEnd;

/// <summary>
/// mash-load under a Type=notify systemd unit: the test plays systemd's part with a unix
/// datagram socket of its own in NOTIFY_SOCKET.
/// </summary>
public sealed class SystemdNotifyTests
{
    [Fact]
    public void Mash_load_reports_ready_once_it_listens_and_stopping_when_it_shuts_down()
    {
        using var folder = new TempDirectory();
        using Socket systemd = Bind(folder.File("notify"));
        int port = FreePort.Next();

        using MashLoadProcess device = MashLoadProcess.StartWithEnvironment(
            folder.Path,
            new Dictionary<string, string> { [SystemdNotify.Variable] = folder.File("notify") },
            "--data", folder.File("flash"),
            "--port", port.ToString(CultureInfo.InvariantCulture));

        string ready = Receive(systemd, device);
        Assert.Contains("READY=1", ready.Split('\n'));
        Assert.Contains($"STATUS=serving on port {port}", ready.Split('\n'));

        // Ready means a controller can connect now, and the setup codes are out.
        using (var client = new TcpClient())
        {
            client.Connect(System.Net.IPAddress.IPv6Loopback, port);
        }

        // (Printed before READY=1; our reader of the child's stdout may not have seen it yet.)
        device.WaitForStdout(l => l.StartsWith("MASH:", StringComparison.Ordinal));

        device.Signal();
        Assert.Contains("STOPPING=1", Receive(systemd, device).Split('\n'));
        Assert.Equal(0, device.WaitForExit());
    }

    [Fact]
    public void An_abstract_socket_name_is_reached_too()
    {
        string name = "mash-test-" + Guid.NewGuid().ToString("N");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint("\0" + name));
        socket.ReceiveTimeout = 5000;

        Assert.True(SystemdNotify.Send("READY=1", "@" + name));

        byte[] buffer = new byte[512];
        Assert.Equal("READY=1", Encoding.UTF8.GetString(buffer, 0, socket.Receive(buffer)));
    }

    [Fact]
    public void Without_NOTIFY_SOCKET_or_with_nobody_listening_nothing_fails()
    {
        using var folder = new TempDirectory();

        Assert.False(SystemdNotify.Send("READY=1", string.Empty));
        Assert.False(SystemdNotify.Send("READY=1", folder.File("nobody")));
        Assert.False(SystemdNotify.Send("READY=1", "vsock:2:1234"));
    }

    [Theory]
    [InlineData("8:1234", "socket:[1234]", true)]
    [InlineData("8:1234", "socket:[4321]", false)] // a child whose stderr went elsewhere
    [InlineData("8:1234", "pipe:[1234]", false)]
    [InlineData(null, "socket:[1234]", false)]
    [InlineData("garbage", "socket:[1234]", false)]
    public void Journal_logging_only_when_JOURNAL_STREAM_names_our_stderr(string? journalStream, string stderr, bool expected) =>
        Assert.Equal(expected, ConsoleLogSink.IsJournalStream(journalStream, stderr));

    [Fact]
    public void For_the_journal_a_log_line_carries_its_syslog_priority_and_no_timestamp()
    {
        using var writer = new StringWriter();
        var sink = new ConsoleLogSink(LogLevel.Debug, writer, journal: true);

        sink.Write(LogLevel.Info, "boot", "firmware 0.1.0");
        sink.Write(LogLevel.Warn, "relay", "slow");
        sink.Write(LogLevel.Error, "flash", "damaged");
        sink.Write(LogLevel.Debug, "tls", "hello");

        Assert.Equal(
            ["<6>INFO  boot: firmware 0.1.0", "<4>WARN  relay: slow", "<3>ERROR flash: damaged", "<7>DEBUG tls: hello"],
            writer.ToString().TrimEnd('\n').Split('\n'));
    }

    private static Socket Bind(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        socket.ReceiveTimeout = 30_000;
        return socket;
    }

    private static string Receive(Socket socket, MashLoadProcess device)
    {
        byte[] buffer = new byte[4096];
        try
        {
            return Encoding.UTF8.GetString(buffer, 0, socket.Receive(buffer));
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.TimedOut)
        {
            throw new TimeoutException("no notification from mash-load; stderr:\n" + string.Join('\n', device.Stderr));
        }
    }
}
