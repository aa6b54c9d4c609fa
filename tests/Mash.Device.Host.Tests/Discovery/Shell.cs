using System;
using System.Diagnostics;
using System.IO;

namespace Mash.Device.Host.Tests.Discovery;

/// <summary>Runs a system tool to completion and returns what it printed.</summary>
internal static class Shell
{
    public static (int ExitCode, string Stdout, string Stderr) Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }

        using Process process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(30_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in 30 s");
        }

        return (process.ExitCode, stdout, stderr.GetAwaiter().GetResult());
    }

    /// <summary>Runs and throws with the tool's own message when it fails.</summary>
    public static string Check(string file, params string[] args)
    {
        (int code, string stdout, string stderr) = Run(file, args);
        if (code != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {code}: {stderr.Trim()}");
        }

        return stdout;
    }

    /// <summary>True when <paramref name="tool"/> is an executable on PATH.</summary>
    public static bool OnPath(string tool)
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            if (dir.Length > 0 && File.Exists(Path.Combine(dir, tool)))
            {
                return true;
            }
        }

        return false;
    }
}
