using System;

namespace Mash.Controller.Transport;

/// <summary>
/// Application-level keep-alive ([63] transport.md section 6): a ping after <see cref="PingInterval"/>
/// without received traffic, a pong expected within <see cref="PongTimeout"/>, the connection
/// lost after <see cref="MaxMissedPongs"/> misses. With the defaults a silent peer is detected
/// within 3 x 30 s + 5 s = 95 s.
/// </summary>
public sealed class KeepAliveOptions
{
    /// <summary>
    /// Whether we send pings at all. Peers' pings are answered either way. The reference device
    /// (mash-go) ignores control frames, so against it pinging ends an idle connection after
    /// the worst-case detection time; switch this off there.
    /// </summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Idle time before a ping, and the time between consecutive unanswered pings.</summary>
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a ping waits for its pong before it counts as missed.</summary>
    public TimeSpan PongTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Missed pongs in a row after which the connection is lost.</summary>
    public int MaxMissedPongs { get; init; } = 3;

    internal void Validate()
    {
        if (PongTimeout <= TimeSpan.Zero || PingInterval <= PongTimeout)
        {
            throw new ArgumentException("The ping interval must be longer than the (positive) pong timeout.");
        }

        if (MaxMissedPongs < 1)
        {
            throw new ArgumentException("At least one pong must be allowed to go missing.");
        }
    }
}
