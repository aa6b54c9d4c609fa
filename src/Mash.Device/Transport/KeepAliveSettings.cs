using System;

namespace Mash.Device.Transport;

/// <summary>
/// Application-level keep-alive (transport.md section 6): ping after <see cref="PingInterval"/>
/// without received traffic, expect the pong within <see cref="PongTimeout"/>, give up after
/// <see cref="MaxMissedPongs"/> misses. With the defaults a silent peer is dropped at most 95 s
/// after its last frame (pings at 30, 60 and 90 s, the last pong due at 95 s).
/// </summary>
public sealed class KeepAliveSettings
{
    public static readonly KeepAliveSettings Default = new(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5), 3);

    public KeepAliveSettings(TimeSpan pingInterval, TimeSpan pongTimeout, int maxMissedPongs)
        : this(pingInterval, pongTimeout, maxMissedPongs, TimeSpan.FromSeconds(5))
    {
    }

    public KeepAliveSettings(TimeSpan pingInterval, TimeSpan pongTimeout, int maxMissedPongs, TimeSpan closeAckTimeout)
    {
        PingInterval = pingInterval;
        PongTimeout = pongTimeout;
        MaxMissedPongs = maxMissedPongs;
        CloseAckTimeout = closeAckTimeout;
    }

    public TimeSpan PingInterval { get; }

    public TimeSpan PongTimeout { get; }

    public int MaxMissedPongs { get; }

    /// <summary>The longest time from the last received frame to the connection being declared lost.</summary>
    public TimeSpan DetectionDelayMax => TimeSpan.FromTicks((PingInterval.Ticks * MaxMissedPongs) + PongTimeout.Ticks);

    /// <summary>How long a graceful close waits for the peer's acknowledgement.</summary>
    public TimeSpan CloseAckTimeout { get; }
}
