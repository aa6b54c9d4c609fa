namespace Mash.Device.Commissioning;

/// <summary>What goes into the device's CSRs: its device ID and the board's vendor and product.</summary>
public sealed class DeviceCsrIdentity
{
    public DeviceCsrIdentity(string deviceId, int vendorId, int productId)
    {
        DeviceId = deviceId;
        VendorId = vendorId;
        ProductId = productId;
    }

    public string DeviceId { get; }

    public int VendorId { get; }

    public int ProductId { get; }

    public override bool Equals(object? obj) =>
        obj is DeviceCsrIdentity other && other.DeviceId == DeviceId && other.VendorId == VendorId && other.ProductId == ProductId;

    public override int GetHashCode() => DeviceId.GetHashCode() ^ (VendorId * 31) ^ (ProductId * 961);

    public override string ToString() => $"DeviceCsrIdentity {{ DeviceId = {DeviceId}, VendorId = {VendorId}, ProductId = {ProductId} }}";
}
