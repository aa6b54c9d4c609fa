namespace Mash.Tool;

/// <summary>What scripts can rely on (shared/CLI.md): the kind of failure, not its details.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Bad command line or argument (System.CommandLine's parse errors use 1 as well).</summary>
    public const int Usage = 1;

    /// <summary>The device or the network failed, or the device refused.</summary>
    public const int Device = 2;

    /// <summary>The local controller state is unusable or conflicts with the request.</summary>
    public const int State = 3;

    /// <summary>Interrupted by the user (Ctrl+C), as shells report SIGINT.</summary>
    public const int Cancelled = 130;
}
