using System;

namespace Mash.Protocol.Portable;

/// <summary>
/// Unix seconds (since 1970-01-01 UTC) to and from <see cref="DateTime"/> (UTC), the same on the
/// host and on nanoFramework (DateTimeOffset and DateTime.UnixEpoch are not on the latter).
/// </summary>
public static class UnixSeconds
{
    /// <summary>1970-01-01T00:00:00Z (from ticks: nanoFramework has no (y, m, d, h, m, s, kind) constructor).</summary>
    public static readonly DateTime Epoch = new(EpochTicks, DateTimeKind.Utc);

    private const long EpochTicks = 621355968000000000;
    private const long TicksPerSecond = 10000000;

    public static DateTime ToDateTime(long seconds) => new(Epoch.Ticks + (seconds * TicksPerSecond), DateTimeKind.Utc);

    /// <summary>Whole seconds, rounded towards the past.</summary>
    public static long FromDateTime(DateTime utc)
    {
        long ticks = utc.Ticks - Epoch.Ticks;
        long seconds = ticks / TicksPerSecond;
        return ticks < 0 && ticks % TicksPerSecond != 0 ? seconds - 1 : seconds;
    }
}
