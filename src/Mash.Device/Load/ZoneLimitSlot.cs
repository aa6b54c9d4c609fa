using System;
using Mash.Device.Runtime;
using Mash.Protocol.Zones;

namespace Mash.Device.Load;

/// <summary>What <see cref="LoadControl"/> tracks for one commissioned zone.</summary>
internal sealed class ZoneLimitSlot
{
    public string? ZoneId { get; set; }

    public ZoneType Type { get; set; } = ZoneType.UserApp;

    /// <summary>A PASE-only session (mash-load --pase-only-sessions): freed with its last connection, never part of the failsafe.</summary>
    public bool Temporary { get; set; }

    /// <summary>Open operational connections (a replacing connection may overlap the old one).</summary>
    public int Connections { get; set; }

    /// <summary>The zone's consumption limit, or <see cref="LoadLimits.NoLimit"/>.</summary>
    public long LimitMw { get; set; } = LoadLimits.NoLimit;

    public bool HasLimit => LimitMw != LoadLimits.NoLimit;

    /// <summary>Order of the last SetLimit across all zones; breaks ties between zones of one type.</summary>
    public long SetSequence { get; set; }

    /// <summary>The duration the zone asked for, for the log; zero = until cleared.</summary>
    public TimeSpan Duration { get; set; }

    /// <summary>True while the limit runs out at <see cref="ExpiresAt"/>.</summary>
    public bool HasExpiry { get; set; }

    /// <summary>Monotonic time the limit expires (receipt + duration); the timer may be earlier while shortened for a test.</summary>
    public TimeSpan ExpiresAt { get; set; }

    /// <summary>Created on first use and reused, so the steady state allocates nothing.</summary>
    public TimerHandle? Timer { get; set; }

    public bool InUse => ZoneId is not null;

    public bool IsConnected => Connections > 0;

    public void ClearLimit()
    {
        LimitMw = LoadLimits.NoLimit;
        Duration = TimeSpan.Zero;
        HasExpiry = false;
        ExpiresAt = TimeSpan.Zero;
        Timer?.Cancel();
    }

    public void Free()
    {
        ClearLimit();
        ZoneId = null;
        Connections = 0;
        Type = ZoneType.UserApp;
        Temporary = false;
    }
}
