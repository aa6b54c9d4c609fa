using System;
using Mash.Tool.Tests.Packaging;

namespace Mash.Tool.Tests;

/// <summary>mashctl installs as a .NET tool and runs from any folder, without dotnet run.</summary>
public sealed class ToolPackageTests
{
    [Fact]
    public void Mashctl_packs_as_a_dotnet_tool_and_runs_from_its_tool_path()
    {
        using var package = new ToolPackage();

        package.PackAndInstall("src/Mash.Tool", "Mash.Tool");
        (int code, string stdout, string stderr) = package.Run("mashctl", "--help");

        Assert.True(code == 0, $"mashctl --help exited {code}: {stderr}");
        Assert.Contains("mashctl", stdout, StringComparison.Ordinal);
        Assert.Contains("commission", stdout, StringComparison.Ordinal);
        Assert.Contains("label", stdout, StringComparison.Ordinal);
    }
}
