using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Mash.Device.Host.Transport;
using Mash.Device.Transport;
using Mash.Protocol.Wire;

namespace Mash.Device.Host.Tests.Transport;

/// <summary>The device transport over real TLS on loopback.</summary>
public sealed class TlsListenerTests : IDisposable
{
    private readonly TransportHarness _device = new(frameTimeout: TimeSpan.FromSeconds(1), handshakeTimeout: TimeSpan.FromSeconds(1));

    public void Dispose() => _device.Dispose();

    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

    [Fact]
    public async Task A_tls13_client_with_alpn_connects_and_gets_its_ping_answered()
    {
        using TestClient client = await _device.ConnectAsync();
        Assert.Equal(SslProtocols.Tls13, client.Ssl.SslProtocol);
        Assert.Equal(TlsServerSettings.Alpn, client.Ssl.NegotiatedApplicationProtocol);
        await client.SendFrameAsync(Hex("a2 01 01 02 07"));
        Assert.Equal(Hex("a2 01 02 02 07"), await client.ReadFrameAsync());
    }

    [Fact]
    public async Task Ipv4_clients_are_accepted_on_the_dual_stack_socket()
    {
        using TestClient client = await _device.ConnectAsync(host: "127.0.0.1");
        await client.SendFrameAsync(Hex("a2 01 01 02 01"));
        Assert.Equal(Hex("a2 01 02 02 01"), await client.ReadFrameAsync());
    }

    [Fact]
    public async Task Tls12_is_refused_at_the_handshake()
    {
        await Assert.ThrowsAnyAsync<Exception>(() => _device.ConnectAsync(SslProtocols.Tls12));
        await WaitUntil(() => _device.Listener.HandshakeFailures >= 1);
    }

    [Fact]
    public async Task A_client_without_the_mash_alpn_is_disconnected()
    {
        using TestClient client = await _device.ConnectAsync(alpn: false);
        Assert.True(await client.IsClosedByDeviceAsync());
        Assert.Equal(0, _device.ConnectionCount);
    }

    [Theory]
    [InlineData("00 00 00 00")]
    [InlineData("00 01 00 01")]
    [InlineData("ff ff ff ff")]
    public async Task Zero_and_oversized_lengths_close_the_connection(string header)
    {
        using TestClient client = await _device.ConnectAsync();
        await client.SendRawAsync(Hex(header));
        Assert.True(await client.IsClosedByDeviceAsync());
        await WaitUntil(() => _device.Log.Lines.Any(l => l.Message.Contains("framing error", StringComparison.Ordinal)));
        await WaitUntil(() => _device.ConnectionCount == 0);
    }

    [Fact]
    public async Task A_frame_of_exactly_64_KiB_is_accepted()
    {
        using TestClient client = await _device.ConnectAsync();
        byte[] big = new byte[65536];
        big[0] = 0x5a; // byte string of 65531 bytes: well-formed CBOR but not a MASH message
        big[1] = 0x00;
        big[2] = 0x00;
        big[3] = 0xff;
        big[4] = 0xfb;
        await client.SendFrameAsync(big);
        byte[]? answer = await client.ReadFrameAsync();
        Assert.NotNull(answer);
        Assert.Equal(StatusCode.InvalidParameter, MessageCodec.DecodeResponse(answer).Status);
    }

    [Fact]
    public async Task A_stream_that_ends_inside_a_frame_closes_the_connection()
    {
        using TestClient client = await _device.ConnectAsync();
        await client.SendRawAsync(Hex("00 00 00 64 a1 01"));
        client.Ssl.Close(); // EOF in the middle of the frame
        await WaitUntil(() => _device.Log.Lines.Any(l => l.Message.Contains("ended inside a frame", StringComparison.Ordinal)));
        await WaitUntil(() => _device.ConnectionCount == 0);
    }

    [Fact]
    public async Task Malformed_cbor_gets_an_error_response_and_the_connection_survives()
    {
        using TestClient client = await _device.ConnectAsync();
        await client.SendFrameAsync(Hex("a3 01 05 02"));
        Response error = MessageCodec.DecodeResponse((await client.ReadFrameAsync())!);
        Assert.Equal(StatusCode.InvalidParameter, error.Status);
        await client.SendFrameAsync(Hex("a2 01 01 02 02"));
        Assert.Equal(Hex("a2 01 02 02 02"), await client.ReadFrameAsync());
    }

    [Fact]
    public async Task A_slow_loris_peer_trickling_a_frame_is_cut_off()
    {
        using TestClient client = await _device.ConnectAsync();
        await client.SendRawAsync(Hex("00 00 00 10"));
        var trickle = Task.Run(async () =>
        {
            try
            {
                for (int i = 0; i < 15; i++)
                {
                    await client.SendRawAsync([0x00]);
                    await Task.Delay(100); // trickling is the attack being tested, not a timing wait
                }
            }
            catch (IOException)
            {
            }
        });
        Assert.True(await client.IsClosedByDeviceAsync(TimeSpan.FromSeconds(5)));
        await trickle;
        Assert.Contains(_device.Log.Lines, l => l.Message.Contains("frame not complete", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_close_from_the_client_is_acknowledged_then_the_device_hangs_up()
    {
        using TestClient client = await _device.ConnectAsync();
        await client.SendFrameAsync(Hex("a1 01 03"));
        Assert.Equal(Hex("a1 01 03"), await client.ReadFrameAsync());
        Assert.True(await client.IsClosedByDeviceAsync());
    }

    [Fact]
    public async Task A_graceful_close_by_the_device_sends_close_and_ends_on_the_acknowledgement()
    {
        using TestClient client = await _device.ConnectAsync();
        await WaitUntil(() => _device.ConnectionCount == 1);
        _device.Loop.Invoke(() =>
        {
            _device.Manager.CloseAll();
            return true;
        });
        Assert.Equal(Hex("a1 01 03"), await client.ReadFrameAsync());
        await client.SendFrameAsync(Hex("a1 01 03"));
        Assert.True(await client.IsClosedByDeviceAsync());
        await WaitUntil(() => _device.ConnectionCount == 0);
    }

    [Fact]
    public async Task A_burst_of_100_connection_attempts_never_exceeds_the_connection_cap()
    {
        var clients = new List<TestClient>();
        var attempts = Enumerable.Range(0, 100).Select(async _ =>
        {
            try
            {
                TestClient c = await _device.ConnectAsync();
                await c.SendFrameAsync(Hex("a2 01 01 02 01"));
                if (await c.ReadFrameAsync(TimeSpan.FromSeconds(5)) is null)
                {
                    c.Dispose();
                    return null;
                }

                return c;
            }
            catch (Exception ex) when (ex is IOException or AuthenticationException or SocketException or OperationCanceledException)
            {
                return null;
            }
        }).ToArray();
        TestClient?[] results = await Task.WhenAll(attempts);
        clients.AddRange(results.Where(c => c is not null)!);
        try
        {
            Assert.InRange(clients.Count, 1, TransportLimits.MaxConnections);
            Assert.InRange(_device.ConnectionCount, 1, TransportLimits.MaxConnections);
            Assert.InRange(_device.Listener.Handshaking, 0, TransportLimits.UnauthenticatedConnections);
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }

        // Slots come back once the clients are gone.
        await WaitUntil(() => _device.ConnectionCount == 0);
        using TestClient again = await _device.ConnectAsync();
        await again.SendFrameAsync(Hex("a2 01 01 02 03"));
        Assert.Equal(Hex("a2 01 02 02 03"), await again.ReadFrameAsync());
    }

    [Fact]
    public async Task A_half_open_tcp_connection_is_dropped_after_the_handshake_timeout()
    {
        using var idle = new TcpClient(AddressFamily.InterNetworkV6);
        await idle.ConnectAsync("::1", _device.Port);
        await WaitUntil(() => _device.Listener.Handshaking == 1);
        await WaitUntil(() => _device.Listener.Handshaking == 0, TimeSpan.FromSeconds(5));
        Assert.True(_device.Listener.HandshakeFailures >= 1);
    }

    [Fact]
    public async Task Idle_sockets_beyond_the_handshake_budget_drop_the_oldest_and_never_block_a_client()
    {
        var idle = new List<TcpClient>();
        try
        {
            for (int i = 0; i < 3 * TransportLimits.UnauthenticatedConnections; i++)
            {
                var socket = new TcpClient(AddressFamily.InterNetworkV6);
                idle.Add(socket);
                await socket.ConnectAsync("::1", _device.Port);
            }

            await WaitUntil(() => _device.Listener.Evicted >= 2 * TransportLimits.UnauthenticatedConnections);
            Assert.InRange(_device.Listener.Handshaking, 0, TransportLimits.UnauthenticatedConnections);

            using TestClient client = await _device.ConnectAsync();
            await client.SendFrameAsync(Hex("a2 01 01 02 04"));
            Assert.Equal(Hex("a2 01 02 02 04"), await client.ReadFrameAsync());
        }
        finally
        {
            idle.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task Requests_are_answered_while_nothing_serves_them_yet()
    {
        using TestClient client = await _device.ConnectAsync();
        await client.SendFrameAsync(Hex("a5 01 02 02 01 03 00 04 01 05 f6"));
        Response response = MessageCodec.DecodeResponse((await client.ReadFrameAsync())!);
        Assert.Equal(2u, response.MessageId);
        Assert.Equal(StatusCode.Unsupported, response.Status);
    }

    internal static async Task WaitUntil(Func<bool> condition, TimeSpan? timeout = null)
    {
        DateTime deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("condition not met in time");
            }

            await Task.Delay(20); // polling an observable state, not waiting for time to pass
        }
    }
}
