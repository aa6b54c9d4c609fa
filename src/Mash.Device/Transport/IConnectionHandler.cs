using System;
using Mash.Protocol.Wire;

namespace Mash.Device.Transport;

/// <summary>
/// The layer above the transport (commissioning, interaction model). Called on the scheduler
/// thread. Control messages (ping, pong, close) never reach it.
/// </summary>
public interface IConnectionHandler
{
    void OnOpened(DeviceConnection connection);

    /// <summary>A well-formed message; <paramref name="message"/> is only valid during the call.</summary>
    void OnMessage(DeviceConnection connection, ReadOnlyMemory<byte> message, MessageKind kind);

    void OnClosed(DeviceConnection connection, CloseReason reason);
}
