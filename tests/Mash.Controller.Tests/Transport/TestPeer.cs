using System;
using System.Buffers.Binary;
using System.IO;
using System.Net.Security;
using System.Threading.Tasks;
using Mash.Protocol.Wire;

namespace Mash.Controller.Tests.Transport;

/// <summary>The device end of one test connection.</summary>
internal sealed class TestPeer : IAsyncDisposable
{
    private readonly SslStream _stream;

    public TestPeer(SslStream stream) => _stream = stream;

    public SslStream Stream => _stream;

    /// <summary>Reads the next frame's payload, or null at a clean end of stream.</summary>
    public async Task<byte[]?> ReadFrameAsync()
    {
        byte[] header = new byte[FrameFormat.HeaderSize];
        int got = await ReadUpToAsync(header);
        if (got == 0)
        {
            return null;
        }

        if (got < header.Length)
        {
            throw new EndOfStreamException("The stream ended inside a frame header.");
        }

        int length = (int)BinaryPrimitives.ReadUInt32BigEndian(header);
        byte[] payload = new byte[length];
        if (await ReadUpToAsync(payload) < length)
        {
            throw new EndOfStreamException("The stream ended inside a frame.");
        }

        return payload;
    }

    /// <summary>Reads a frame that must be there.</summary>
    public async Task<byte[]> ExpectFrameAsync() =>
        await ReadFrameAsync() ?? throw new EndOfStreamException("Expected a frame, the stream ended.");

    public async Task<Request> ReadRequestAsync() => MessageCodec.DecodeRequest(await ExpectFrameAsync());

    public async Task<ControlMessage> ReadControlAsync()
    {
        byte[] frame = await ExpectFrameAsync();
        Assert.True(ControlCodec.TryDecode(frame, out ControlMessage control), "expected a control message, got " + Convert.ToHexString(frame));
        return control;
    }

    /// <summary>True once the client has closed: end of stream (or a reset) instead of a frame.</summary>
    public async Task<bool> SeesEndOfStreamAsync()
    {
        try
        {
            return await ReadFrameAsync() is null;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public async Task WriteFrameAsync(byte[] payload)
    {
        byte[] frame = new byte[FrameFormat.HeaderSize + payload.Length];
        FrameWriter.Write(frame, payload);
        await WriteBytesAsync(frame);
    }

    public async Task WriteBytesAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes).AsTask().WaitAsync(TestTlsServer.Guard);
        await _stream.FlushAsync().WaitAsync(TestTlsServer.Guard);
    }

    public Task RespondAsync(uint messageId, CborMap payload) =>
        WriteFrameAsync(MessageCodec.Encode(new Response(messageId, StatusCode.Success, payload)));

    public Task NotifyAsync(uint subscriptionId, CborMap changes) =>
        WriteFrameAsync(MessageCodec.Encode(new Notification(subscriptionId, 1, 4, changes)));

    public Task SendControlAsync(ControlMessage message)
    {
        byte[] payload = new byte[ControlCodec.GetEncodedLength(message)];
        ControlCodec.Write(payload, message);
        return WriteFrameAsync(payload);
    }

    public async ValueTask DisposeAsync() => await _stream.DisposeAsync();

    private async Task<int> ReadUpToAsync(byte[] buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = await _stream.ReadAsync(buffer.AsMemory(total)).AsTask().WaitAsync(TestTlsServer.Guard);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }
}
