using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using SharpFuzz;

namespace Mash.Fuzz;

/// <summary>
/// mash-fuzz list | seeds DIR | afl TARGET | run TARGET FILE-OR-DIR...
/// <para>afl runs under afl-fuzz (persistent mode: one process, many inputs); run replays saved
/// inputs without afl, for triage and regression checks, and exits 1 if any of them crashes.</para>
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length == 1 && args[0] == "list")
        {
            foreach (IFuzzTarget target in FuzzTargets.All)
            {
                Console.WriteLine($"{target.Name,-14} {target.Description}");
            }

            return 0;
        }

        if (args.Length == 2 && args[0] == "seeds")
        {
            return WriteSeeds(args[1]);
        }

        IFuzzTarget? chosen = args.Length >= 2 ? FuzzTargets.Find(args[1]) : null;
        if (chosen is not null && args.Length == 2 && args[0] == "afl")
        {
            Fuzzer.Run(stream => chosen.Run(ReadAll(stream)));
            return 0;
        }

        if (chosen is not null && args.Length >= 3 && args[0] == "run")
        {
            return Replay(chosen, args[2..]);
        }

        Console.Error.WriteLine("usage: Mash.Fuzz list | seeds DIR | afl TARGET | run TARGET FILE-OR-DIR...");
        Console.Error.WriteLine("targets: " + string.Join(", ", Names()));
        return 2;
    }

    private static IEnumerable<string> Names()
    {
        foreach (IFuzzTarget target in FuzzTargets.All)
        {
            yield return target.Name;
        }
    }

    private static int WriteSeeds(string directory)
    {
        foreach (IFuzzTarget target in FuzzTargets.All)
        {
            string folder = Path.Combine(directory, target.Name);
            Directory.CreateDirectory(folder);
            int n = 0;
            foreach (byte[] seed in target.Seeds())
            {
                File.WriteAllBytes(Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"seed-{n:D2}")), seed);
                n++;
            }

            Console.WriteLine($"{target.Name}: {n} seeds");
        }

        return 0;
    }

#pragma warning disable CA1031 // Replay reports every exception: any type but the documented one is a finding.
    private static int Replay(IFuzzTarget target, string[] paths)
    {
        int runs = 0;
        int crashes = 0;
        foreach (string file in Files(paths))
        {
            runs++;
            try
            {
                target.Run(File.ReadAllBytes(file));
            }
            catch (Exception ex)
            {
                crashes++;
                Console.WriteLine($"CRASH {file}: {ex.GetType().FullName}: {ex.Message}");
                Console.WriteLine(ex.StackTrace);
            }
        }

        Console.WriteLine($"{target.Name}: {runs} inputs, {crashes} crashes");
        return crashes == 0 ? 0 : 1;
    }
#pragma warning restore CA1031

    private static IEnumerable<string> Files(string[] paths)
    {
        foreach (string path in paths)
        {
            if (Directory.Exists(path))
            {
                string[] files = Directory.GetFiles(path);
                Array.Sort(files, StringComparer.Ordinal);
                foreach (string file in files)
                {
                    yield return file;
                }
            }
            else
            {
                yield return path;
            }
        }
    }

    private static byte[] ReadAll(Stream stream)
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
