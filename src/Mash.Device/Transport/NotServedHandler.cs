using System;
using Mash.Protocol.Wire;

namespace Mash.Device.Transport;

/// <summary>
/// The handler of a transport with nothing above it yet: every request gets UNSUPPORTED (so the
/// peer is never left waiting), anything else is ignored.
/// </summary>
public sealed class NotServedHandler : IConnectionHandler
{
    public static readonly NotServedHandler Instance = new();

    public void OnOpened(DeviceConnection connection)
    {
    }

    public void OnMessage(DeviceConnection connection, ReadOnlyMemory<byte> message, MessageKind kind)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (kind == MessageKind.Request)
        {
            Request request = MessageCodec.DecodeRequest(message.ToArray());
            connection.Send(MessageCodec.Encode(Response.Error(request.MessageId, StatusCode.Unsupported, "not served")));
        }
    }

    public void OnClosed(DeviceConnection connection, CloseReason reason)
    {
    }
}
