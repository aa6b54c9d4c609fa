namespace Mash.Device.Commissioning;

/// <summary>What goes into the device's CSRs: its device ID and the board's vendor and product.</summary>
public sealed record DeviceCsrIdentity(string DeviceId, int VendorId, int ProductId);
