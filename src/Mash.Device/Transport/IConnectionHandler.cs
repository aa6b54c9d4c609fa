using Mash.Protocol.Wire;

namespace Mash.Device.Transport;

/// <summary>
/// The layer above the transport (commissioning, interaction model). Called on the scheduler
/// thread. Control messages (ping, pong, close) never reach it.
/// </summary>
public interface IConnectionHandler
{
    void OnOpened(DeviceConnection connection);

    /// <summary>
    /// A well-formed message: <paramref name="count"/> bytes of <paramref name="buffer"/> from
    /// <paramref name="offset"/>, only valid during the call (the buffer is the frame reader's).
    /// </summary>
    void OnMessage(DeviceConnection connection, byte[] buffer, int offset, int count, MessageKind kind);

    void OnClosed(DeviceConnection connection, CloseReason reason);
}
