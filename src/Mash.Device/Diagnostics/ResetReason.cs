namespace Mash.Device.Diagnostics;

/// <summary>How the previous run of the firmware ended.</summary>
public enum ResetReason
{
    FirstBoot,
    CleanShutdown,

    /// <summary>The previous run never reached its shutdown: power loss, crash or kill.</summary>
    Unclean,

    /// <summary>The boot record itself was unreadable.</summary>
    Unknown,
}
