using System;
using System.Linq;
using System.Threading.Tasks;
using Mash.Protocol.Wire;
using Microsoft.Extensions.Time.Testing;

namespace Mash.Device.Host.Tests.Transport;

/// <summary>
/// The frame deadline (message-framing.md 2.2: wait for the rest of a frame) runs only while a
/// frame is partly received; between frames a connection may stay silent as long as keep-alive
/// allows (issue 13 item 10). Real TLS on loopback, the deadline on a virtual clock.
/// </summary>
public sealed class FrameDeadlineTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly TransportHarness _device;

    public FrameDeadlineTests()
    {
        _device = new TransportHarness(time: _time);
    }

    public void Dispose() => _device.Dispose();

    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

    /// <summary>
    /// A 64 KiB frame spans several TLS records, so the device always reads it in pieces and
    /// always arms the deadline for it, whatever the scheduling: the same path as the reference
    /// controller's separate writes of length and payload, without depending on how they are read.
    /// </summary>
    private static byte[] SplitFrame()
    {
        byte[] big = new byte[65536];
        big[0] = 0x5a; // a CBOR byte string of 65531 bytes: well formed, not a MASH message
        big[3] = 0xff;
        big[4] = 0xfb;
        return big;
    }

    [Fact]
    public async Task A_split_frame_then_an_idle_pause_longer_than_the_frame_timeout_keeps_the_connection()
    {
        using TestClient client = await _device.ConnectAsync();
        await client.SendFrameAsync(SplitFrame());
        byte[]? first = await client.ReadFrameAsync();
        Assert.True(first is not null, string.Join("\n", _device.Log.Lines.Select(l => l.Message)));
        Assert.Equal(StatusCode.InvalidParameter, MessageCodec.DecodeResponse(first).Status);

        // Idle between frames for longer than the 10 s frame timeout.
        _time.Advance(TimeSpan.FromSeconds(11));

        // The next frames, again split, are answered; the connection was not closed.
        await client.SendFrameAsync(SplitFrame());
        Assert.Equal(StatusCode.InvalidParameter, MessageCodec.DecodeResponse((await client.ReadFrameAsync())!).Status);
        await client.SendRawAsync(Hex("00 00 00 05"));
        await client.SendRawAsync(Hex("a2 01 01 02 07"));
        Assert.Equal(Hex("a2 01 02 02 07"), await client.ReadFrameAsync());
        Assert.DoesNotContain(_device.Log.Lines, l => l.Message.Contains("frame not complete", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_frame_still_incomplete_at_the_frame_timeout_closes_the_connection()
    {
        using TestClient client = await _device.ConnectAsync();
        await client.SendRawAsync(Hex("00 00 00 10 a1"));
        await TlsListenerTests.WaitUntil(() => _device.ConnectionCount == 1);

        // The device may not have read the partial frame yet; advancing again once it has is
        // harmless, so step the clock until the deadline fires.
        Task<bool> closed = client.IsClosedByDeviceAsync(TimeSpan.FromSeconds(30));
        while (!closed.IsCompleted && !_device.Log.Lines.Any(l => l.Message.Contains("frame not complete", StringComparison.Ordinal)))
        {
            _time.Advance(TimeSpan.FromSeconds(5));
            await Task.WhenAny(closed, Task.Delay(50)); // polling for the device's reaction, not waiting for time to pass
        }

        Assert.True(await closed);
        Assert.Contains(_device.Log.Lines, l => l.Message.Contains("frame not complete within 10 s", StringComparison.Ordinal));
    }
}
