using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace Mash.Bench.SideBySide;

/// <summary>What /proc says about a device process: memory and how often its threads woke.</summary>
internal static class ProcFs
{
    /// <summary>A line of /proc/PID/status in KiB (VmRSS: resident now, VmHWM: the peak).</summary>
    public static long StatusKib(int pid, string field)
    {
        foreach (string line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(field.Length + 1).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"/proc/{pid}/status has no {field}");
    }

    /// <summary>
    /// Voluntary context switches per thread: each is a thread that slept and was woken (a timer,
    /// a socket, another thread), which is what an idle device should not do.
    /// </summary>
    public static Dictionary<int, long> VoluntarySwitches(int pid)
    {
        var counts = new Dictionary<int, long>();
        foreach (string task in Directory.GetDirectories($"/proc/{pid}/task"))
        {
            try
            {
                foreach (string line in File.ReadLines(Path.Combine(task, "status")))
                {
                    if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal))
                    {
                        counts[int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture)] =
                            long.Parse(line.AsSpan("voluntary_ctxt_switches:".Length).Trim(), CultureInfo.InvariantCulture);
                    }
                }
            }
            catch (IOException)
            {
                // The thread ended while being read.
            }
        }

        return counts;
    }

    /// <summary>
    /// Wake-ups between two snapshots: the growth of threads seen in both, plus all of a thread
    /// that started in between. A thread that ended in between took its count with it; the
    /// figure is a lower bound then, and the runtime's short-lived workers are why.
    /// </summary>
    public static long WakeupsBetween(Dictionary<int, long> before, Dictionary<int, long> after)
    {
        long total = 0;
        foreach ((int tid, long count) in after)
        {
            total += before.TryGetValue(tid, out long earlier) ? count - earlier : count;
        }

        return total;
    }
}
