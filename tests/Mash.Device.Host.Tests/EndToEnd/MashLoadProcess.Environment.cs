using System;
using System.Collections.Generic;
using System.Diagnostics;

namespace Mash.Device.Host.Tests.EndToEnd;

/// <summary>mash-load with extra environment variables, as a service manager would start it.</summary>
public sealed partial class MashLoadProcess
{
    /// <summary>Like <see cref="Start(string, string[])"/>, with <paramref name="environment"/> added to the child's environment.</summary>
    public static MashLoadProcess StartWithEnvironment(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(ExecutablePath);
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }

        foreach ((string name, string value) in environment)
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info };
        var result = new MashLoadProcess(process);
        process.OutputDataReceived += (_, e) => result.Add(result._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => result.Add(result._stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return result;
    }
}
