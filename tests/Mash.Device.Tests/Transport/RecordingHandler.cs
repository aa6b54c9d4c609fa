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

    public void OnMessage(DeviceConnection connection, byte[] buffer, int offset, int count, MessageKind kind) => Messages.Add((kind, buffer.AsSpan(offset, count).ToArray()));

    public void OnClosed(DeviceConnection connection, CloseReason reason) => Closes.Add(reason);
}
