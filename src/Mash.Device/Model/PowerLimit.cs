namespace Mash.Device.Model;

/// <summary>The "no limit" value of the limits <see cref="ILoadControl"/> passes (nanoFramework has no <c>long?</c>).</summary>
public static class PowerLimit
{
    /// <summary>No limit: none in force, none set by the zone, or none carried by the command.</summary>
    public const long None = long.MinValue;
}
