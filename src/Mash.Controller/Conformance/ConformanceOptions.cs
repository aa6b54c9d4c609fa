using System;
using Mash.Protocol.Onboarding;
using Mash.Protocol.Pics;

namespace Mash.Controller.Conformance;

/// <summary>What the runner needs to know about the device under test and the lab around it.</summary>
public sealed class ConformanceOptions
{
    /// <summary>Host name or address of the device.</summary>
    public required string Host { get; init; }

    public required int Port { get; init; }

    /// <summary>The device's setup code (commissioning needs it).</summary>
    public required SetupCode SetupCode { get; init; }

    /// <summary>The device's PICS: it selects the cases and supplies the figures they check.</summary>
    public required PicsFile Pics { get; init; }

    /// <summary>The device's 16-byte test event enable key, if it has one; cases that need it are skipped without.</summary>
    public byte[]? TestEventKey { get; init; }

    /// <summary>
    /// A shell command that opens the device's commissioning window (e.g. pressing its button
    /// through a lab relay, or <c>kill -USR1 PID</c> for mash-load). Without it the runner asks a
    /// commissioned zone to open the window, which not every device supports.
    /// </summary>
    public string? OpenWindowCommand { get; init; }

    /// <summary>Folder for the controller states of the zones the runner creates (one sub-folder per zone).</summary>
    public required string StateDirectory { get; init; }

    /// <summary>Only cases whose ID or title contains this text (any case) run; null runs all.</summary>
    public string? Filter { get; init; }

    /// <summary>Longest a single waiting step may wait when it names no time.</summary>
    public TimeSpan StepTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest a case may run.</summary>
    public TimeSpan CaseTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>The openssl executable for key-exchange cases ("openssl" on PATH by default; null disables them).</summary>
    public string? OpensslPath { get; init; } = "openssl";

    /// <summary>Progress lines (case started, passed, failed with reason).</summary>
    public Action<string>? Log { get; init; }
}
