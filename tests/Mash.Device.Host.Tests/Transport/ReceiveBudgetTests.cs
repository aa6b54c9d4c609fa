using System;
using System.Threading.Tasks;
using Mash.Protocol.Wire;

namespace Mash.Device.Host.Tests.Transport;

/// <summary>
/// The shared receive budget over real TLS on loopback: while one connection receives a large
/// frame, another connection's large frame waits with its reading paused, and is read and
/// answered once the first is done; nothing is dropped and neither connection closes.
/// </summary>
public sealed class ReceiveBudgetTests : IDisposable
{
    private readonly TransportHarness _device = new();

    public void Dispose() => _device.Dispose();

    /// <summary>A framed CBOR byte string of 32 KiB: well formed, not a MASH message, so it is answered with an error.</summary>
    private static byte[] LargeFrame()
    {
        const int Payload = 32 * 1024;
        byte[] frame = new byte[Payload + 4];
        FrameWriter.WriteHeader(frame, Payload);
        frame[4] = 0x59;
        frame[5] = (byte)((Payload - 3) >> 8);
        frame[6] = unchecked((byte)(Payload - 3));
        return frame;
    }

    [Fact]
    public async Task A_second_large_frame_waits_paused_until_the_first_is_complete_then_both_are_answered()
    {
        byte[] frame = LargeFrame();
        using TestClient first = await _device.ConnectAsync();
        using TestClient second = await _device.ConnectAsync();

        await first.SendRawAsync(frame.AsSpan(0, 1000).ToArray());
        await TlsListenerTests.WaitUntil(() => _device.Loop.Invoke(() => _device.Manager.LargeFrameOwner is not null));

        await second.SendRawAsync(frame);
        await TlsListenerTests.WaitUntil(() => _device.Loop.Invoke(() => _device.Manager.WaitingForLargeFrame == 1));

        await first.SendRawAsync(frame.AsSpan(1000).ToArray());
        Assert.Equal(StatusCode.InvalidParameter, MessageCodec.DecodeResponse(await first.ReadFrameAsync() ?? []).Status);
        Assert.Equal(StatusCode.InvalidParameter, MessageCodec.DecodeResponse(await second.ReadFrameAsync() ?? []).Status);

        Assert.Equal(0, _device.Loop.Invoke(() => _device.Manager.WaitingForLargeFrame));
        Assert.Null(_device.Loop.Invoke(() => _device.Manager.LargeFrameOwner));
        Assert.Equal(2, _device.ConnectionCount);
    }
}
