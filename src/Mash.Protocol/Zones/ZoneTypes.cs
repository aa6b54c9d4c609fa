using System;

namespace Mash.Protocol.Zones;

/// <summary>Names and priorities of <see cref="ZoneType"/> as certificates and users spell them.</summary>
public static class ZoneTypes
{
    public static bool IsDefined(ZoneType type) => type is >= ZoneType.GridOperator and <= ZoneType.UserApp;

    /// <summary>Priority on the wire (CertInstall key 5): the numeric value, 1 is the strongest.</summary>
    public static byte Priority(this ZoneType type) => (byte)type;

    /// <summary>The reference's name, used as the zone type OU of Zone CA and controller certificates: GRID_OPERATOR...</summary>
    public static string ToCertificateName(this ZoneType type) => type switch
    {
        ZoneType.GridOperator => "GRID_OPERATOR",
        ZoneType.BuildingManager => "BUILDING_MANAGER",
        ZoneType.HomeManager => "HOME_MANAGER",
        ZoneType.UserApp => "USER_APP",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown zone type"),
    };

    /// <summary>The command-line spelling: grid-operator, building-manager, home-manager, user-app.</summary>
    public static string ToOptionName(this ZoneType type) => type switch
    {
        ZoneType.GridOperator => "grid-operator",
        ZoneType.BuildingManager => "building-manager",
        ZoneType.HomeManager => "home-manager",
        ZoneType.UserApp => "user-app",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown zone type"),
    };

    /// <summary>Accepts either spelling (GRID_OPERATOR or grid-operator), case-insensitively.</summary>
    public static bool TryParse(string? text, out ZoneType type)
    {
        foreach (ZoneType candidate in (ZoneType[])[ZoneType.GridOperator, ZoneType.BuildingManager, ZoneType.HomeManager, ZoneType.UserApp])
        {
            if (string.Equals(text, candidate.ToCertificateName(), StringComparison.OrdinalIgnoreCase)
                || string.Equals(text, candidate.ToOptionName(), StringComparison.OrdinalIgnoreCase))
            {
                type = candidate;
                return true;
            }
        }

        type = default;
        return false;
    }
}
