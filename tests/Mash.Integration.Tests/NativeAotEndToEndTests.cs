using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Mash.Device.Host.Tests;
using Mash.Device.Host.Tests.EndToEnd;

namespace Mash.Integration.Tests;

/// <summary>
/// mash-load as it ships: the device publish profile's NativeAOT executable, built from this
/// source, published with no trim or AOT warning, then started, commissioned, read and stopped
/// like the framework-dependent build the other tests use.
/// </summary>
public sealed partial class NativeAotEndToEndTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task The_native_build_publishes_cleanly_then_commissions_reads_and_stops()
    {
        string executable = Publish();
        Assert.Equal("\u007fELF", File.ReadAllText(executable)[..4]);
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(executable)!, "mash-load.dll")), "a native build needs no managed assembly beside it");

        int port = FreePort.Next();
        using var device = MashLoadProcess.StartNative(executable, _dir.Path, "--data", Path.Combine(_dir.Path, "data"), "--port", port.ToString(CultureInfo.InvariantCulture));
        device.WaitForStderr(l => l.Contains("running", StringComparison.Ordinal));
        string payload = device.WaitForStdout(l => l.StartsWith("MASH:", StringComparison.Ordinal));

        string state = Path.Combine(_dir.Path, "mashctl");
        (int code, string stdout, string stderr) = await Mashctl.RunAsync("--state", state, "commission", payload, "--address", $"[::1]:{port}", "--json");
        Assert.True(code == 0, stderr);
        string deviceId;
        using (JsonDocument json = JsonDocument.Parse(stdout))
        {
            deviceId = json.RootElement.GetProperty("deviceId").GetString()!;
        }

        (code, stdout, stderr) = await Mashctl.RunAsync("--state", state, "read", "--device", deviceId, "--feature", "measurement");
        Assert.True(code == 0, stderr);
        Assert.Matches(@"^acActivePower = \d+ mW \(\d+ W\)\n$", stdout);

        device.Signal();
        Assert.Equal(0, device.WaitForExit());
        Assert.Contains(device.Stderr, l => l.Contains("shutting down", StringComparison.Ordinal));
    }

    /// <summary>
    /// Publishes from a copy of the sources: the publish restores for a runtime identifier and
    /// rewrites obj/ folders that the test projects running beside this one are reading.
    /// </summary>
    private string Publish()
    {
        string root = Directory.GetParent(RepoPaths.BoardsDirectory)!.FullName;
        string source = Path.Combine(_dir.Path, "source");
        foreach (string folder in new[] { "src", "boards", "pics" })
        {
            CopyTree(Path.Combine(root, folder), Path.Combine(source, folder));
        }

        foreach (string file in Directory.GetFiles(root).Where(f => Path.GetExtension(f) is ".props" or ".json" or ".config" or ".editorconfig"))
        {
            File.Copy(file, Path.Combine(source, Path.GetFileName(file)));
        }

        string output = Path.Combine(_dir.Path, "publish");
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in new[] { "publish", Path.Combine(source, "src", "Mash.Device.Host"), "-p:PublishProfile=device", "-o", output, "--tl:off", "-nologo" })
        {
            info.ArgumentList.Add(a);
        }

        using Process process = Process.Start(info)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(5)), "dotnet publish did not finish within 5 minutes");
        string log = stdout + stderr.Result;
        Assert.True(process.ExitCode == 0, "dotnet publish -p:PublishProfile=device failed (NativeAOT needs clang and zlib1g-dev):\n" + log);
        Assert.Empty(Warning().Matches(log).Select(m => m.Value).Distinct());
        return Path.Combine(output, "mash-load");
    }

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (string dir in Directory.GetDirectories(from))
        {
            if (Path.GetFileName(dir) is not ("bin" or "obj"))
            {
                CopyTree(dir, Path.Combine(to, Path.GetFileName(dir)));
            }
        }
    }

    [GeneratedRegex(@"[^\n]*: warning [A-Z]+[0-9]+[^\n]*")]
    private static partial Regex Warning();
}
