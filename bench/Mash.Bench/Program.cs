using System;
using System.Collections.Generic;

namespace Mash.Bench;

/// <summary>Plain benchmark harness: each benchmark prints its figures; nothing here asserts.</summary>
internal static class Program
{
    private static readonly Dictionary<string, Action<string[]>> Benchmarks = new(StringComparer.OrdinalIgnoreCase)
    {
        ["transport"] = _ => TransportBench.Run(),
        ["commissioning"] = _ => CommissioningBench.Run(),
        ["notifications"] = _ => NotificationBench.Run(),
        ["memory"] = MemoryBench.Run,
        ["timers"] = _ => TimerAccuracyBench.Run(),
        ["heap"] = _ => HeapBudgetBench.Run(),
        ["side-by-side"] = SideBySide.SideBySideBench.Run,
    };

    public static int Main(string[] args)
    {
        string which = args.Length > 0 ? args[0] : "all";
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        foreach ((string name, Action<string[]> run) in Benchmarks)
        {
            if (which == "all" || string.Equals(which, name, StringComparison.OrdinalIgnoreCase))
            {
                Console.WriteLine($"== {name}");
                run(args);
            }
        }

        return 0;
    }
}
