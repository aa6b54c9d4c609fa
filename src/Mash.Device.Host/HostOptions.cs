using System;
using Mash.Device.Diagnostics;
using Mash.Protocol.Onboarding;

namespace Mash.Device.Host;

/// <summary>The command line of <c>mash-load</c>, validated (see shared CLI.md for the contract).</summary>
public sealed record HostOptions
{
    public const int DefaultPort = 8443;
    public const string DefaultDataDirectory = "mash-data";

    /// <summary>A board file path or the name of an embedded board; null means host-sim.</summary>
    public string? Board { get; init; }

    public string DataDirectory { get; init; } = DefaultDataDirectory;

    public int Port { get; init; } = DefaultPort;

    public string? Interface { get; init; }

    public LogLevel LogLevel { get; init; } = LogLevel.Info;

    public bool OpenWindow { get; init; }

    public bool FactoryReset { get; init; }

    public string? Provision { get; init; }

    public SetupCode? SetupCode { get; init; }

    public Discriminator? Discriminator { get; init; }

    /// <summary>
    /// 128-bit key that enables test event triggers (labs shorten failsafe and duration timers or
    /// simulate a connection loss). Never set in production; without it the triggers do not exist.
    /// </summary>
    public byte[]? TestEventKey { get; init; }

    /// <summary>
    /// A rule the device breaks on purpose, so a lab can prove its conformance runner catches it:
    /// "ping" (pings go unanswered) or "zero-length-frame" (zero-length frames are swallowed).
    /// Only together with a test event key; logged as BROKEN at start.
    /// </summary>
    public string? Break { get; init; }

    /// <summary>
    /// Let a controller operate right after PASE, without CSR and certificate (the reference
    /// controller's flow), as a temporary USER_APP zone stored nowhere. Off: the spec's flow.
    /// </summary>
    public bool PaseOnlySessions { get; init; }

    /// <summary>Print every frame, decoded, at Debug level (secrets are never printed).</summary>
    public bool Trace { get; init; }

    /// <summary>How often the "health:" line is logged; zero turns it off.</summary>
    public TimeSpan HealthInterval { get; init; } = DefaultHealthInterval;

    public static TimeSpan DefaultHealthInterval => TimeSpan.FromHours(1);
}
