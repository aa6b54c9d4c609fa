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
        _ => throw new ArgumentOutOfRangeException(nameof(type), "unknown zone type " + (int)type),
    };

    /// <summary>The command-line spelling: grid-operator, building-manager, home-manager, user-app.</summary>
    public static string ToOptionName(this ZoneType type) => type switch
    {
        ZoneType.GridOperator => "grid-operator",
        ZoneType.BuildingManager => "building-manager",
        ZoneType.HomeManager => "home-manager",
        ZoneType.UserApp => "user-app",
        _ => throw new ArgumentOutOfRangeException(nameof(type), "unknown zone type " + (int)type),
    };

    /// <summary>Accepts either spelling (GRID_OPERATOR or grid-operator), case-insensitively.</summary>
    public static bool TryParse(string? text, out ZoneType type)
    {
        for (int value = (int)ZoneType.GridOperator; value <= (int)ZoneType.UserApp; value++)
        {
            var candidate = (ZoneType)value;
            if (text is not null
                && (AsciiEqualsIgnoreCase(text, candidate.ToCertificateName()) || AsciiEqualsIgnoreCase(text, candidate.ToOptionName())))
            {
                type = candidate;
                return true;
            }
        }

        type = default;
        return false;
    }

    /// <summary>Ordinal comparison that folds ASCII letters only (the names are ASCII; no culture on nanoFramework).</summary>
    private static bool AsciiEqualsIgnoreCase(string a, string b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (int i = 0; i < a.Length; i++)
        {
            char x = a[i];
            char y = b[i];
            if (x >= 'A' && x <= 'Z')
            {
                x = (char)(x + 32);
            }

            if (y >= 'A' && y <= 'Z')
            {
                y = (char)(y + 32);
            }

            if (x != y)
            {
                return false;
            }
        }

        return true;
    }
}
