namespace Mash.Device.Model;

/// <summary>featureMap bits (the same in [63] features/README.md and the reference).</summary>
public static class FeatureMapBits
{
    public const uint Core = 0x1;
    public const uint Flex = 0x2;
    public const uint Battery = 0x4;
    public const uint EMob = 0x8;
    public const uint Signals = 0x10;
    public const uint Tariff = 0x20;
    public const uint Plan = 0x40;
    public const uint Process = 0x80;
    public const uint Forecast = 0x100;
    public const uint Asymmetric = 0x200;
    public const uint V2X = 0x400;
}
