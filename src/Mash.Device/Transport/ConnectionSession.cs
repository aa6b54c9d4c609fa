namespace Mash.Device.Transport;

/// <summary>
/// The upper layers' state of one connection, kept in <see cref="DeviceConnection.Session"/>
/// (the device's is <c>Mash.Device.Commissioning.SessionContext</c>). A base class rather than
/// <c>object</c>, so only session state can be stored there, without the transport depending on
/// the layers above it.
/// </summary>
public abstract class ConnectionSession
{
}
