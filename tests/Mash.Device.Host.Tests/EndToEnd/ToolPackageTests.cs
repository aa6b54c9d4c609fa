using System;
using Mash.Tool.Tests.Packaging;

namespace Mash.Device.Host.Tests.EndToEnd;

/// <summary>mash-load installs as a .NET tool (labs, development machines) and runs from any folder.</summary>
public sealed class ToolPackageTests
{
    [Fact]
    public void Mash_load_packs_as_a_dotnet_tool_and_runs_from_its_tool_path()
    {
        using var package = new ToolPackage();

        package.PackAndInstall("src/Mash.Device.Host", "Mash.Load");
        (int code, string stdout, string stderr) = package.Run("mash-load", "--help");

        Assert.True(code == 0, $"mash-load --help exited {code}: {stderr}");
        Assert.Contains("mash-load", stdout, StringComparison.Ordinal);
        Assert.Contains("--board", stdout, StringComparison.Ordinal);
    }
}
