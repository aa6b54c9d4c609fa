using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;

namespace Mash.Device.Tests.PortReadiness;

/// <summary>
/// Compiles a scratch file full of calls the core must not make against the core's own
/// BannedSymbols.txt, the way Mash.Device is built. A mistyped documentation ID in that file bans
/// nothing and says nothing, so only a build that is expected to fail proves each ban bites.
/// One `dotnet build` of a one-file project: about ten seconds.
/// </summary>
public partial class BannedApiBuildTests
{
    // One banned use per line; the build must report RS0030 on every one of them.
    private static readonly (string What, string Code)[] Violations =
    [
        ("Task", "static void Tasks() { System.Threading.Tasks.Task.Delay(1).Wait(); }"),
        ("ValueTask", "static bool ValueTasks() => new System.Threading.Tasks.ValueTask().IsCompleted;"),
        ("await", "static async void Await() { await System.Threading.Tasks.Task.Yield(); }"),
        ("LINQ method", "static int LinqCall(int[] xs) => System.Linq.Enumerable.Count(xs);"),
        ("LINQ query", "static int LinqQuery(int[] xs) { int n = 0; foreach (int x in from v in xs where v > 1 select v) { n += x; } return n; }"),
        ("Thread", "static void Threads() => new System.Threading.Thread(() => { }).Start();"),
        ("ThreadPool", "static void Pool() => System.Threading.ThreadPool.QueueUserWorkItem(_ => { });"),
        ("System.Threading.Timer", "static void ThreadingTimer() { using var t = new System.Threading.Timer(_ => { }); }"),
        ("System.Timers.Timer", "static void TimersTimer() { using var t = new System.Timers.Timer(); }"),
        ("DateTime.Now", "static long Now() => System.DateTime.Now.Ticks;"),
        ("DateTime.UtcNow", "static long UtcNow() => System.DateTime.UtcNow.Ticks;"),
        ("DateTimeOffset.Now", "static long OffsetNow() => System.DateTimeOffset.Now.Ticks;"),
        ("DateTimeOffset.UtcNow", "static long OffsetUtcNow() => System.DateTimeOffset.UtcNow.Ticks;"),
        ("Environment.TickCount", "static int Ticks() => System.Environment.TickCount;"),
        ("Environment.TickCount64", "static long Ticks64() => System.Environment.TickCount64;"),
        ("Stopwatch", "static long Stopwatch() => System.Diagnostics.Stopwatch.GetTimestamp();"),
        ("File", "static string ReadFile() => System.IO.File.ReadAllText(\"x\");"),
        ("Directory", "static bool Dir() => System.IO.Directory.Exists(\"x\");"),
        ("FileStream", "static void Stream() { using var s = new System.IO.FileStream(\"x\", System.IO.FileMode.Open); }"),
        ("FileInfo", "static long Info() => new System.IO.FileInfo(\"x\").Length;"),
        ("DirectoryInfo", "static bool DirInfo() => new System.IO.DirectoryInfo(\"x\").Exists;"),
        ("Path", "static string Paths() => System.IO.Path.Combine(\"a\", \"b\");"),
        ("Socket", "static void Sockets() { using var s = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp); }"),
        ("HttpClient", "static void Http() { using var h = new System.Net.Http.HttpClient(); }"),
        ("Activator", "static object? Create() => System.Activator.CreateInstance<object>();"),
        ("MethodInfo", "static object? Invoke() => typeof(object).GetMethod(\"ToString\")!.Invoke(new object(), null);"),
        ("Random", "static int Dice() => new System.Random().Next();"),
        ("Console", "static void Print() => System.Console.WriteLine();"),
    ];

    [Fact]
    public void A_banned_call_in_the_core_fails_the_build_on_every_banned_line()
    {
        string repo = FindRepositoryRoot();
        string work = Path.Combine(Path.GetTempPath(), "mash-banned-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            File.WriteAllText(Path.Combine(work, "Scratch.csproj"), ProjectText(repo));
            File.WriteAllText(Path.Combine(work, "Scratch.cs"), ScratchText(out int firstLine));

            (int exitCode, string output) = Build(work);

            Assert.NotEqual(0, exitCode);
            var reported = new HashSet<int>();
            foreach (Match m in Rs0030().Matches(output))
            {
                reported.Add(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
            }

            var missed = new List<string>();
            for (int i = 0; i < Violations.Length; i++)
            {
                if (!reported.Contains(firstLine + i))
                {
                    missed.Add(Violations[i].What);
                }
            }

            Assert.True(missed.Count == 0, "not banned: " + string.Join(", ", missed) + "\n" + output);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static string ScratchText(out int firstLine)
    {
        var text = new StringBuilder();
        text.AppendLine("using System.Linq;");
        text.AppendLine("namespace Scratch;");
        text.AppendLine("internal static class Core");
        text.AppendLine("{");
        firstLine = 5;
        foreach ((_, string code) in Violations)
        {
            text.Append("    ").AppendLine(code);
        }

        text.AppendLine("}");
        return text.ToString();
    }

    // The analyzer version is read from the central package list so this test follows upgrades.
    private static string ProjectText(string repo)
    {
        string packages = File.ReadAllText(Path.Combine(repo, "Directory.Packages.props"));
        string version = AnalyzerVersion().Match(packages).Groups[1].Value;
        string core = Path.Combine(repo, "src", "Mash.Device");
        return $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>disable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <NoWarn>CS8321;CS1998</NoWarn>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Microsoft.CodeAnalysis.BannedApiAnalyzers" Version="{version}" PrivateAssets="all" />
                <AdditionalFiles Include="{Path.Combine(core, "BannedSymbols.txt")}" />
                <GlobalAnalyzerConfigFiles Include="{Path.Combine(core, "BannedApi.globalconfig")}" />
              </ItemGroup>
            </Project>
            """;
    }

    private static (int ExitCode, string Output) Build(string directory)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // No build servers left behind by a test.
        foreach (string arg in new[] { "build", "-nologo", "-nodeReuse:false", "-p:UseSharedCompilation=false", "-clp:NoSummary" })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        using Process process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(3)), "dotnet build did not finish");
        return (process.ExitCode, stdout + stderr.Result);
    }

    private static string FindRepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Directory.Packages.props")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"Scratch\.cs\((\d+),\d+\): error RS0030")]
    private static partial Regex Rs0030();

    [GeneratedRegex("Include=\"Microsoft\\.CodeAnalysis\\.BannedApiAnalyzers\" Version=\"([^\"]+)\"")]
    private static partial Regex AnalyzerVersion();
}
