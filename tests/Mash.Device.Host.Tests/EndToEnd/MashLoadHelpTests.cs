using System;
using System.IO;

namespace Mash.Device.Host.Tests.EndToEnd;

/// <summary>What mash-load --help tells an installer matches what it ships.</summary>
public sealed class MashLoadHelpTests
{
    [Fact]
    public void Help_names_every_shipped_board()
    {
        using var folder = new TempDirectory();

        (int code, MashLoadProcess help) = MashLoadProcess.RunToExit(folder.Path, "--help");
        using (help)
        {
            Assert.Equal(0, code);
            string text = string.Join(' ', help.Stdout);
            foreach (string file in Directory.GetFiles(RepoPaths.BoardsDirectory, "*.json"))
            {
                string name = Path.GetFileNameWithoutExtension(file);
                if (name != "board.schema")
                {
                    Assert.Contains(name, text, StringComparison.Ordinal);
                }
            }
        }
    }
}
