using System;
using System.Collections.Generic;
using Mash.Device.Transport;
using Mash.Protocol.Wire;

namespace Mash.Device.Tests.Transport;

internal sealed class RecordingHandler : IConnectionHandler
{
    public List<(MessageKind Kind, byte[] Message)> Messages { get; } = [];

    public List<CloseReason> Closes { get; } = [];

    public int Opened { get; private set; }

    public void OnOpened(DeviceConnection connection) => Opened++;

    /// <summary>When set, every message is answered with this one (a stand-in for a response).</summary>
    public byte[]? Answer { get; set; }

    public void OnMessage(DeviceConnection connection, byte[] buffer, int offset, int count, MessageKind kind)
    {
        Messages.Add((kind, buffer.AsSpan(offset, count).ToArray()));
        if (Answer is not null)
        {
            connection.Send(Answer);
        }
    }

    public void OnClosed(DeviceConnection connection, CloseReason reason) => Closes.Add(reason);
}
