using System;
using Mash.Device.Load;
using Mash.Protocol.Zones;

namespace Mash.Device.Model;

/// <summary>What one <see cref="ILoadControl.SetLimit"/> call carried (recorded by <see cref="SimpleLoadControl"/> for tests).</summary>
public sealed class LimitRequest
{
    public LimitRequest(string zoneId, ZoneType zoneType, long limitMw, TimeSpan duration, LimitCause cause)
    {
        ArgumentNullException.ThrowIfNull(zoneId);
        ZoneId = zoneId;
        ZoneType = zoneType;
        LimitMw = limitMw;
        Duration = duration;
        Cause = cause;
    }

    public string ZoneId { get; }

    public ZoneType ZoneType { get; }

    /// <summary>The consumption limit; <see cref="PowerLimit.None"/> when the command carried none.</summary>
    public long LimitMw { get; }

    /// <summary><see cref="TimeSpan.Zero"/> for until cleared.</summary>
    public TimeSpan Duration { get; }

    public LimitCause Cause { get; }

    public override bool Equals(object? obj) =>
        obj is LimitRequest other && other.ZoneId == ZoneId && other.ZoneType == ZoneType && other.LimitMw == LimitMw
        && other.Duration == Duration && other.Cause == Cause;

    public override int GetHashCode() => ZoneId.GetHashCode() ^ LimitMw.GetHashCode() ^ Duration.GetHashCode();

    public override string ToString() =>
        "SetLimit(" + ZoneId + ", " + (byte)ZoneType + ", " + LimitMw + " mW, " + Duration.Ticks + " ticks, cause " + (int)Cause + ")";
}
