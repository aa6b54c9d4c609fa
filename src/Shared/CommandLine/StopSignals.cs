using System;
using System.Runtime.InteropServices;

namespace Mash.Cli;

/// <summary>
/// Makes SIGINT and SIGTERM reach the program however it was started. A shell script's
/// background job (<c>cmd &amp;</c>) starts with SIGINT ignored, and .NET keeps an inherited
/// SIG_IGN for good: when it sets up its signal handling (the first use of Console, Process or
/// PosixSignalRegistration) it records the disposition once, and a later
/// PosixSignalRegistration for an ignored signal succeeds but never fires. So the default is
/// restored first thing in Main, before .NET looks.
/// </summary>
/// <remarks>Linked into mash-load and mashctl (src/Shared/CommandLine).</remarks>
internal static partial class StopSignals
{
    private const int SigInt = 2;
    private const int SigTerm = 15;
    private const nint SigDfl = 0;
    private const nint SigIgn = 1;

    /// <summary>Call before anything touches Console, Process or PosixSignalRegistration.</summary>
    public static void RestoreIgnored()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        foreach (int signal in (ReadOnlySpan<int>)[SigInt, SigTerm])
        {
            if (IsIgnored(signal))
            {
                _ = Signal(signal, SigDfl);
            }
        }
    }

    /// <summary>Reads the disposition without changing it (signal() would have to set one to read one).</summary>
    private static bool IsIgnored(int signal)
    {
        // Linux's struct sigaction (glibc and musl) starts with the handler; 256 bytes hold all of it.
        var current = new byte[256];
        return SigAction(signal, null, current) == 0 && ReadHandler(current) == SigIgn;
    }

    private static nint ReadHandler(byte[] action) =>
        IntPtr.Size == 8 ? (nint)BitConverter.ToInt64(action, 0) : BitConverter.ToInt32(action, 0);

    [DllImport("libc", EntryPoint = "sigaction")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SigAction(int signal, byte[]? action, byte[] oldAction);

    [DllImport("libc", EntryPoint = "signal")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern nint Signal(int signal, nint handler);
}
