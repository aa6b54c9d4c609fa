using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;

namespace Mash.Bench.SideBySide;

/// <summary>
/// One device binary the side-by-side bench compares: ours (a mash-load executable, or its
/// mash-load.dll run by dotnet) or the mash-go reference device, each with the command line it
/// understands, started on the data folder the bench gives it (fresh for pairings, reused for
/// the measured boots).
/// </summary>
internal sealed class DeviceUnderTest
{
    public const int SetupCode = 20252026;
    public const int Discriminator = 1234;

    private DeviceUnderTest(string name, string path, bool isReference)
    {
        Name = name;
        Path = path;
        IsReference = isReference;
    }

    public string Name { get; }

    public string Path { get; }

    /// <summary>The mash-go reference: PASE only, no certificate, no operational zones.</summary>
    public bool IsReference { get; }

    public static DeviceUnderTest Ours(string name, string path) => new(name, System.IO.Path.GetFullPath(path), isReference: false);

    public static DeviceUnderTest Reference(string path) => new("reference", System.IO.Path.GetFullPath(path), isReference: true);

    /// <summary>Starts the device on <paramref name="port"/> with its stdout and stderr drained.</summary>
    public RunningDevice Start(int port, string dataFolder)
    {
        var info = new ProcessStartInfo
        {
            RedirectStandardInput = IsReference,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var args = new List<string>();
        if (Path.EndsWith(".dll", StringComparison.Ordinal))
        {
            info.FileName = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
            args.Add(Path);
        }
        else
        {
            info.FileName = Path;
        }

        string p = port.ToString(CultureInfo.InvariantCulture);
        if (IsReference)
        {
            args.AddRange(["-type", "evse", "-port", p, "-setup-code", SetupCode.ToString(CultureInfo.InvariantCulture),
                "-discriminator", Discriminator.ToString(CultureInfo.InvariantCulture), "-state-dir", dataFolder, "-log-level", Environment.GetEnvironmentVariable("MASH_BENCH_REFERENCE_LOG") ?? "warn",
                // Its console reopens the commissioning window ("commission"), which it closes after each PASE.
                "-interactive"]);
        }
        else
        {
            args.AddRange(["--data", dataFolder, "--port", p, "--interface", "lo", "--setup-code", SetupCode.ToString(CultureInfo.InvariantCulture),
                "--discriminator", Discriminator.ToString(CultureInfo.InvariantCulture), "--log-level", "warn"]);
        }

        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }

        return new RunningDevice(this, Process.Start(info) ?? throw new InvalidOperationException("could not start " + Path));
    }

    /// <summary>A fresh data folder under the bench's scratch folder.</summary>
    public static string FreshFolder(string scratch)
    {
        string folder = System.IO.Path.Combine(scratch, Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Waits out a pause in real time: the devices under test run on the real clock.</summary>
    public static void Pause(TimeSpan span) => Thread.Sleep(span);
}
