using System;
using System.Formats.Cbor;

namespace Mash.Protocol.Wire;

/// <summary>
/// Encodes messages into one buffer that is reused from call to call, so a steady stream of
/// notifications and responses allocates nothing for encoding (MessageCodec.Encode allocates a
/// writer and the result every time). The bytes are the same as <see cref="MessageCodec"/>'s.
/// The returned span is valid until the next call; one thread only.
/// </summary>
public sealed class MessageWriter
{
    private readonly CborWriter _writer = CborValueEncoder.CreateWriter();
    private byte[] _buffer = new byte[256];

    /// <summary>A notification, without building a <see cref="Notification"/> first.</summary>
    public ReadOnlySpan<byte> Notification(uint subscriptionId, byte endpointId, byte featureId, CborMap changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        _writer.Reset();
        MessageCodec.WriteNotification(_writer, subscriptionId, endpointId, featureId, changes);
        return Finish();
    }

    public ReadOnlySpan<byte> Encode(Response response)
    {
        _writer.Reset();
        MessageCodec.Write(_writer, response);
        return Finish();
    }

    private ReadOnlySpan<byte> Finish()
    {
        int length = _writer.BytesWritten;
        if (_buffer.Length < length)
        {
            _buffer = new byte[Math.Max(length, _buffer.Length * 2)];
        }

        return _buffer.AsSpan(0, _writer.Encode(_buffer));
    }
}
