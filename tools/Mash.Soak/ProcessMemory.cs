using System;
using System.Globalization;
using System.IO;

namespace Mash.Soak;

/// <summary>Resident memory of a process as Linux reports it in /proc/PID/status, in KiB.</summary>
internal readonly record struct ProcessMemory(long RssKiB, long RssAnonKiB, long PeakRssKiB)
{
    public static ProcessMemory Read(int pid)
    {
        long rss = 0, anon = 0, peak = 0;
        foreach (string line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kib(line);
            }
            else if (line.StartsWith("RssAnon:", StringComparison.Ordinal))
            {
                anon = Kib(line);
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = Kib(line);
            }
        }

        return new ProcessMemory(rss, anon, peak);
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"VmRSS {RssKiB / 1024.0:F1} MiB (anonymous {RssAnonKiB / 1024.0:F1} MiB, peak {PeakRssKiB / 1024.0:F1} MiB)");

    private static long Kib(string line)
    {
        string[] parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return long.Parse(parts[1], CultureInfo.InvariantCulture);
    }
}
