using System;
using System.IO;

namespace Mash.Device.Host.Tests;

/// <summary>Finds the checked-in boards/ directory from the test output folder.</summary>
internal static class RepoPaths
{
    public static string BoardsDirectory { get; } = FindBoards();

    public static string Board(string name) => Path.Combine(BoardsDirectory, name + ".json");

    public static string Schema => Path.Combine(BoardsDirectory, "board.schema.json");

    private static string FindBoards()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "boards");
            if (File.Exists(Path.Combine(candidate, "board.schema.json")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("boards/board.schema.json not found above " + AppContext.BaseDirectory);
    }
}
