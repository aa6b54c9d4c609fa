using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Threading;
using Xunit;

namespace Mash.Device.Host.Tests.EndToEnd;

/// <summary>
/// mash-load started the way scripts start it, as a background job (<c>mash-load &amp;</c>, maybe
/// under nohup): such a job begins with SIGINT ignored, and SIGINT and SIGTERM must still stop it
/// cleanly, relays off.
/// </summary>
public sealed partial class StopSignalTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(false, 2)]
    [InlineData(true, 2)]
    [InlineData(false, 15)]
    [InlineData(true, 15)]
    public void Started_as_a_scripts_background_job_it_stops_cleanly_on_the_signal(bool nohup, int signal)
    {
        int port = FreePort.Next();
        using var job = ScriptJob.Start(nohup, _dir.Path, "--port", port.ToString(CultureInfo.InvariantCulture), "--interface", "lo");
        job.WaitForStderr("running; send SIGINT or SIGTERM to stop");
        job.WaitForStderr("relay 3 'stage-3' ON");

        Assert.Equal(0, Kill(job.JobPid, signal));

        Assert.Equal(0, job.WaitForExit());
        Assert.Contains(job.Stderr, l => l.Contains("shutting down", StringComparison.Ordinal));
        Assert.Contains(job.Stderr, l => l.Contains("relay 3 'stage-3' OFF (3000 W): shutdown: safe state", StringComparison.Ordinal));
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    /// <summary><c>bash -c 'mash-load ... &amp; wait'</c>: the shell prints the job's PID first and exits with its status.</summary>
    private sealed class ScriptJob : IDisposable
    {
        private readonly Process _shell;
        private readonly List<string> _stdout = [];
        private readonly List<string> _stderr = [];
        private readonly object _gate = new();

        private ScriptJob(Process shell)
        {
            _shell = shell;
            shell.OutputDataReceived += (_, e) => Add(_stdout, e.Data);
            shell.ErrorDataReceived += (_, e) => Add(_stderr, e.Data);
            shell.BeginOutputReadLine();
            shell.BeginErrorReadLine();
        }

        public int JobPid => int.Parse(WaitFor(_stdout, "job-pid ")["job-pid ".Length..], CultureInfo.InvariantCulture);

        public IReadOnlyList<string> Stderr
        {
            get
            {
                lock (_gate)
                {
                    return _stderr.ToArray();
                }
            }
        }

        public static ScriptJob Start(bool nohup, string workingDirectory, params string[] args)
        {
            var info = new ProcessStartInfo("bash")
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add((nohup ? "nohup " : string.Empty) + "\"$@\" & echo \"job-pid $!\"; wait $!");
            info.ArgumentList.Add("bash");
            info.ArgumentList.Add(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet");
            info.ArgumentList.Add(MashLoadProcess.ExecutablePath);
            foreach (string a in args)
            {
                info.ArgumentList.Add(a);
            }

            return new ScriptJob(Process.Start(info)!);
        }

        public string WaitForStderr(string text) => WaitFor(_stderr, text);

        public int WaitForExit()
        {
            if (!_shell.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                throw new TimeoutException("mash-load did not stop; stderr:\n" + string.Join('\n', Stderr));
            }

            _shell.WaitForExit();
            return _shell.ExitCode;
        }

        public void Dispose()
        {
            if (!_shell.HasExited)
            {
                _shell.Kill(entireProcessTree: true);
                _shell.WaitForExit();
            }

            _shell.Dispose();
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

        private string WaitFor(List<string> lines, string text)
        {
            DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            lock (_gate)
            {
                while (true)
                {
                    string? found = lines.Find(l => l.Contains(text, StringComparison.Ordinal));
                    if (found is not null)
                    {
                        return found;
                    }

                    TimeSpan left = deadline - DateTime.UtcNow;
                    if (left <= TimeSpan.Zero || (_shell.HasExited && !Monitor.Wait(_gate, 200)))
                    {
                        throw new TimeoutException($"no line with \"{text}\"; stdout:\n{string.Join('\n', _stdout)}\nstderr:\n{string.Join('\n', _stderr)}");
                    }

                    Monitor.Wait(_gate, left);
                }
            }
        }
    }
}
