using System;

namespace Mash.Protocol.Wire;

/// <summary>
/// Encodes messages into one buffer that is reused from call to call, so a steady stream of
/// notifications and responses allocates nothing for encoding (MessageCodec.Encode allocates a
/// writer and the result every time). The bytes are the same as <see cref="MessageCodec"/>'s.
/// Each call returns the encoded length; the bytes are the first that many of <see cref="Buffer"/>,
/// valid until the next call. One thread only.
/// </summary>
public sealed class MessageWriter
{
    private readonly CborWriter _writer = CborValueEncoder.CreateWriter();
    private byte[] _buffer = new byte[256];

    /// <summary>The last encoding is at its start (see the returned length); replaced when it grows.</summary>
    public byte[] Buffer => _buffer;

    /// <summary>A notification, without building a <see cref="Notification"/> first; returns its length in <see cref="Buffer"/>.</summary>
    public int Notification(uint subscriptionId, byte endpointId, byte featureId, CborMap changes)
    {
        if (changes is null)
        {
            throw new ArgumentNullException(nameof(changes));
        }

        _writer.Reset();
        MessageCodec.WriteNotification(_writer, subscriptionId, endpointId, featureId, changes);
        return Finish();
    }

    /// <summary>A response; returns its length in <see cref="Buffer"/>.</summary>
    public int Encode(Response response)
    {
        _writer.Reset();
        MessageCodec.Write(_writer, response);
        return Finish();
    }

    private int Finish()
    {
        int length = _writer.BytesWritten;
        if (_buffer.Length < length)
        {
            _buffer = new byte[length > _buffer.Length * 2 ? length : _buffer.Length * 2];
        }

        return _writer.Encode(_buffer);
    }
}
