namespace Mash.Device.Transport;

/// <summary>Raised after a connection closed (see <see cref="ConnectionManager.Closed"/>).</summary>
public delegate void ConnectionClosedHandler(DeviceConnection connection, CloseReason reason);
