using System;
using System.IO;

namespace Mash.Integration.Tests;

internal static class RepoBoards
{
    public static string HostSim { get; } = Find("host-sim.json");

    private static string Find(string file)
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "boards", file);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("boards/" + file + " not found above " + AppContext.BaseDirectory);
    }
}
