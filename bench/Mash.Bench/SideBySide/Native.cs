using System;
using System.Runtime.InteropServices;

namespace Mash.Bench.SideBySide;

/// <summary>The few libc calls the side-by-side bench needs: signals and the CPU time of reaped children.</summary>
internal static partial class Native
{
    public const int SigTerm = 15;
    public const int SigUsr1 = 10;
    private const int RusageChildren = -1;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    /// <summary>User plus system CPU of every child this process has waited for, so far.</summary>
    public static TimeSpan ChildrenCpu()
    {
        var usage = new Rusage();
        if (GetRusage(RusageChildren, ref usage) != 0)
        {
            throw new InvalidOperationException("getrusage failed: errno " + Marshal.GetLastPInvokeError());
        }

        long micros = (usage.UserSeconds + usage.SystemSeconds) * 1_000_000 + usage.UserMicros + usage.SystemMicros;
        return TimeSpan.FromMicroseconds(micros);
    }

    [LibraryImport("libc", EntryPoint = "getrusage", SetLastError = true)]
    private static partial int GetRusage(int who, ref Rusage usage);

    /// <summary>struct rusage on 64-bit Linux: two timevals, then fourteen longs this bench does not read.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Rusage
    {
        public long UserSeconds;
        public long UserMicros;
        public long SystemSeconds;
        public long SystemMicros;
        public long Rest0, Rest1, Rest2, Rest3, Rest4, Rest5, Rest6, Rest7, Rest8, Rest9, Rest10, Rest11, Rest12, Rest13;
    }
}
