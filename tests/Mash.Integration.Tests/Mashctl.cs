using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;

namespace Mash.Integration.Tests;

/// <summary>Runs the real mashctl executable and collects its output.</summary>
internal static partial class Mashctl
{
    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args) => RunAsync(TimeSpan.FromSeconds(60), args);

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(TimeSpan limit, params string[] args)
    {
        using Process process = Process.Start(StartInfo(args))!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts a long-running mashctl (subscribe, limit --hold) that the test stops with Ctrl-C.</summary>
    public static Running Start(params string[] args) => new(Process.Start(StartInfo(args))!);

    /// <summary>
    /// Starts mashctl as a shell script's background job (<c>mashctl ... &amp;</c>, under nohup if
    /// asked), which begins with SIGINT ignored; <see cref="Running.Interrupt"/> still reaches it.
    /// </summary>
    public static Running StartAsScriptJob(bool nohup, params string[] args)
    {
        ProcessStartInfo direct = StartInfo(args);
        var info = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add((nohup ? "nohup " : string.Empty) + "\"$@\" & echo \"job-pid $!\"; wait $!");
        info.ArgumentList.Add("bash");
        info.ArgumentList.Add(direct.FileName);
        foreach (string a in direct.ArgumentList)
        {
            info.ArgumentList.Add(a);
        }

        return new Running(Process.Start(info)!, scriptJob: true);
    }

    private static ProcessStartInfo StartInfo(string[] args)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "mashctl.dll"));
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }

        return info;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    /// <summary>A mashctl process in the background, with its lines as they come.</summary>
    public sealed class Running : IDisposable
    {
        private readonly Process _process;
        private readonly List<string> _stdout = [];
        private readonly List<string> _stderr = [];
        private readonly object _gate = new();

        private readonly bool _scriptJob;

        internal Running(Process process, bool scriptJob = false)
        {
            _process = process;
            _scriptJob = scriptJob;
            process.OutputDataReceived += (_, e) => Add(_stdout, e.Data);
            process.ErrorDataReceived += (_, e) => Add(_stderr, e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public string Stdout => Join(_stdout);

        public string Stderr => Join(_stderr);

        /// <summary>Waits for a stderr line containing <paramref name="text"/>.</summary>
        public void WaitForStderr(string text) => WaitFor(_stderr, text);

        public void WaitForStdout(string text) => WaitFor(_stdout, text);

        /// <summary>Ctrl-C, as a user at the terminal would stop it; returns the exit code.</summary>
        public int Interrupt()
        {
            Assert.Equal(0, Kill(_scriptJob ? JobPid() : _process.Id, 2));
            Assert.True(_process.WaitForExit(TimeSpan.FromSeconds(20)), "mashctl did not stop on SIGINT; stderr:\n" + Stderr);
            _process.WaitForExit();
            return _process.ExitCode;
        }

        /// <summary>Waits for the process to end on its own; returns the exit code.</summary>
        public int WaitForExit()
        {
            Assert.True(_process.WaitForExit(TimeSpan.FromSeconds(30)), "mashctl did not exit; stderr:\n" + Stderr);
            _process.WaitForExit();
            return _process.ExitCode;
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }

            _process.Dispose();
        }

        /// <summary>The background job's own process ID, which the script printed first.</summary>
        private int JobPid()
        {
            WaitFor(_stdout, "job-pid ");
            lock (_gate)
            {
                return int.Parse(_stdout.Find(l => l.StartsWith("job-pid ", StringComparison.Ordinal))!["job-pid ".Length..], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        private void Add(List<string> lines, string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_gate)
            {
                lines.Add(line);
                Monitor.PulseAll(_gate);
            }
        }

        private string Join(List<string> lines)
        {
            lock (_gate)
            {
                return string.Join('\n', lines);
            }
        }

        private void WaitFor(List<string> lines, string text)
        {
            DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            lock (_gate)
            {
                while (!lines.Exists(l => l.Contains(text, StringComparison.Ordinal)))
                {
                    TimeSpan left = deadline - DateTime.UtcNow;
                    if (left <= TimeSpan.Zero || _process.HasExited && !Monitor.Wait(_gate, 200))
                    {
                        throw new TimeoutException($"mashctl printed no line with \"{text}\"; stdout:\n{string.Join('\n', _stdout)}\nstderr:\n{string.Join('\n', _stderr)}");
                    }

                    Monitor.Wait(_gate, left);
                }
            }
        }
    }
}
