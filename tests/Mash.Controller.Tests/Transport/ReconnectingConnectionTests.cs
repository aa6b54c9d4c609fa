using System;
using System.Net;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Mash.Controller.Transport;
using Microsoft.Extensions.Time.Testing;

namespace Mash.Controller.Tests.Transport;

public sealed class ReconnectingConnectionTests
{
    [Fact]
    public async Task Failed_attempts_back_off_and_a_lost_connection_is_redialled_after_the_reset_delay()
    {
        var time = new FakeTimeProvider();
        using var server = TestTlsServer.Start(IPAddress.Loopback);
        var events = Channel.CreateUnbounded<string>();
        int attempts = 0;
        var options = new MashConnectionOptions("127.0.0.1", server.Port)
        {
            ServerCertificateValidator = ServerCertificateValidators.AcceptAny,
            TimeProvider = time,
            KeepAlive = new KeepAliveOptions { Enabled = false },
        };

        Task<MashConnection> Connect(CancellationToken cancellationToken)
        {
            // The first two attempts fail as if the device were still booting.
            return Interlocked.Increment(ref attempts) <= 2
                ? Task.FromException<MashConnection>(new MashConnectionException("device not ready"))
                : MashConnection.ConnectAsync(options, cancellationToken);
        }

        await using var loop = new ReconnectingConnection(Connect, new ReconnectPolicy(), time);
        loop.ReconnectScheduled += (_, e) => events.Writer.TryWrite("wait " + e.Delay.TotalSeconds + (e.LastError is null ? "" : " after error"));
        loop.Connected += (_, _) => events.Writer.TryWrite("connected");
        loop.Disconnected += (_, info) => events.Writer.TryWrite("lost " + info.Kind);

        loop.Start();
        Assert.Equal("wait 1 after error", await NextAsync(events));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("wait 2 after error", await NextAsync(events));
        Task<TestPeer> accept = server.AcceptAsync();
        time.Advance(TimeSpan.FromSeconds(2));
        await using (TestPeer first = await accept)
        {
            Assert.Equal("connected", await NextAsync(events));
            Assert.NotNull(loop.Current);
            await first.Stream.ShutdownAsync();
        }

        Assert.Equal("lost EndOfStream", await NextAsync(events));
        Assert.Equal("wait 1", await NextAsync(events));
        Assert.Null(loop.Current);
        accept = server.AcceptAsync();
        time.Advance(TimeSpan.FromSeconds(1));
        await using TestPeer second = await accept;
        Assert.Equal("connected", await NextAsync(events));
        Assert.Equal(4, attempts);

        await loop.DisposeAsync();

        // Disposing closes the live connection and schedules nothing more.
        Assert.Equal(new byte[] { 0xA1, 0x01, 0x03 }, await second.ExpectFrameAsync());
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(4, attempts);
        Assert.False(events.Reader.TryRead(out string? extra), extra);
    }

    private static async Task<string> NextAsync(Channel<string> events) =>
        await events.Reader.ReadAsync().AsTask().WaitAsync(TestTlsServer.Guard);
}
