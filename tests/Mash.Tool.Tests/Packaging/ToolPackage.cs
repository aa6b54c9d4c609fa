using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;

namespace Mash.Tool.Tests.Packaging;

/// <summary>
/// Packs a project as a .NET tool and installs it into a tool path, as the README tells an
/// installer to, then runs the installed command from a folder outside the repository. The pack
/// reuses the build the tests already ran (--no-build), so it takes seconds.
/// </summary>
internal sealed class ToolPackage : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mash-tool-pack-").FullName;

    public string ToolPath => Path.Combine(_folder, "tools");

    public static string RepositoryRoot
    {
        get
        {
            for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "nf.proj.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("nf.proj.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>bin/&lt;Configuration&gt;/net10.0: the configuration these tests were built in.</summary>
    private static string Configuration => new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    /// <summary>dotnet pack PROJECT, then dotnet tool install --tool-path; fails with dotnet's own message.</summary>
    public void PackAndInstall(string project, string packageId)
    {
        string artifacts = Path.Combine(_folder, "artifacts");
        Dotnet("pack", Path.Combine(RepositoryRoot, project), "-c", Configuration, "--no-build", "-o", artifacts);

        // A private package cache: a stale copy of the same version in ~/.nuget must not stand in.
        Dotnet("tool", "install", "--tool-path", ToolPath, "--add-source", artifacts, "--ignore-failed-sources", packageId);
    }

    /// <summary>Runs an installed command from an empty folder (not the repository) and returns its exit code and stdout.</summary>
    public (int ExitCode, string Stdout, string Stderr) Run(string command, params string[] args)
    {
        string elsewhere = Directory.CreateDirectory(Path.Combine(_folder, "elsewhere")).FullName;
        return Exec(Path.Combine(ToolPath, command), elsewhere, args);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder must not fail a test that passed.
        }
    }

    private void Dotnet(params string[] args)
    {
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        (int code, string stdout, string stderr) = Exec(dotnet, _folder, args, ("NUGET_PACKAGES", Path.Combine(_folder, "nuget-cache")));
        if (code != 0)
        {
            throw new InvalidOperationException($"dotnet {string.Join(' ', args)} exited {code}:\n{stdout}\n{stderr}");
        }
    }

    private static (int ExitCode, string Stdout, string Stderr) Exec(string file, string workingDirectory, IEnumerable<string> args, params (string Name, string Value)[] environment)
    {
        var info = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }

        foreach ((string name, string value) in environment)
        {
            info.Environment[name] = value;
        }

        using Process process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(180_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in 180 s");
        }

        return (process.ExitCode, stdout, stderr.GetAwaiter().GetResult());
    }
}
