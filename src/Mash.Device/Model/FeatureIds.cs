namespace Mash.Device.Model;

/// <summary>
/// Feature IDs as the reference puts them on the wire (mash-go pkg/model/feature_type.go). The
/// [63] registry numbers them differently; each <see cref="FeatureDeclaration"/> carries both.
/// </summary>
public static class FeatureIds
{
    public const byte DeviceInfo = 1;
    public const byte Status = 2;
    public const byte Electrical = 3;
    public const byte Measurement = 4;
    public const byte EnergyControl = 5;
}
