using Mash.Device.Model;

namespace Mash.Tool.Operating;

/// <summary>
/// Where the zone management commands live: DeviceInfo on endpoint 0. The device side declares
/// them in its model as it gains them; until then the IDs agreed for it are kept here, in this
/// one place, and the model's own IDs take over as soon as it declares the commands by name.
/// </summary>
internal static class ZoneCommands
{
    public const byte Endpoint = SmartLoadModel.RootEndpoint;

    public const byte Feature = FeatureIds.DeviceInfo;

    /// <summary>removeZone {zoneId: text} (also integer key 1) -> {success: true}.</summary>
    public static byte RemoveZone => Declared("removeZone") ?? 0x10;

    /// <summary>listZones, no parameters -> {zones: [{zoneId, zoneType, connected, commissionedAt, self}]}.</summary>
    public static byte ListZones => Declared("listZones") ?? 0x11;

    private static byte? Declared(string name) =>
        ModelNames.Declaration.FindEndpoint(Endpoint)?.FindFeature(Feature)?.FindCommand(name)?.Id;
}
