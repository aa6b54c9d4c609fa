using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;

namespace Mash.Device.Host.Tests.EndToEnd;

/// <summary>
/// Runs the real <c>mash-load</c> executable as a child process, as an installer would, and lets a
/// test wait for lines on its stdout/stderr and stop it with a real signal.
/// </summary>
/// <remarks>
/// Tests never reach beyond this machine: a device started outside a network namespace gets
/// <c>--interface lo</c> unless the test chose an interface itself, so its mDNS stays on loopback
/// instead of announcing on the machine's real network. Its TLS listener still accepts on
/// 127.0.0.1 and [::1].
/// </remarks>
public sealed partial class MashLoadProcess : IDisposable
{
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(20);
    private readonly Process _process;
    private readonly List<string> _stdout = [];
    private readonly List<string> _stderr = [];
    private readonly object _gate = new();

    private MashLoadProcess(Process process, IReadOnlyList<string> arguments)
    {
        _process = process;
        Arguments = arguments;
    }

    public int Id => _process.Id;

    /// <summary>The arguments mash-load was started with, including the ones this class added.</summary>
    public IReadOnlyList<string> Arguments { get; }

    public static string ExecutablePath => Path.Combine(AppContext.BaseDirectory, "mash-load.dll");

    public IReadOnlyList<string> Stdout
    {
        get
        {
            lock (_gate)
            {
                return _stdout.ToArray();
            }
        }
    }

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

    public static MashLoadProcess Start(string workingDirectory, params string[] args) => Start(null, workingDirectory, null, args);

    /// <summary>Like <see cref="Start(string, string[])"/>, for a native mash-load executable (the NativeAOT build) instead of mash-load.dll.</summary>
    public static MashLoadProcess StartNative(string executable, string workingDirectory, params string[] args) => Start(null, workingDirectory, null, args, executable);

    /// <summary>Like <see cref="Start(string, string[])"/>, with <paramref name="environment"/> added to the child's environment (as a service manager would start it).</summary>
    public static MashLoadProcess StartWithEnvironment(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args) => Start(null, workingDirectory, environment, args);

    /// <summary>
    /// Runs mash-load inside a network namespace (<c>ip netns exec</c> replaces itself with the
    /// device process, so <see cref="Id"/> and <see cref="Signal"/> still reach mash-load).
    /// </summary>
    public static MashLoadProcess StartInNamespace(string netns, string workingDirectory, params string[] args) => Start(netns, workingDirectory, null, args);

    private static MashLoadProcess Start(string? netns, string workingDirectory, IReadOnlyDictionary<string, string>? environment, string[] args, string? native = null)
    {
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        // Through env, which resets SIGHUP (the host-sim double press) to its default: under
        // "nohup .ci/run" every child starts with SIGHUP ignored, and mash-load rightly keeps that.
        var info = new ProcessStartInfo(netns is null ? "env" : "ip")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (netns is null)
        {
            info.ArgumentList.Add("--default-signal=HUP");
            info.ArgumentList.Add(native ?? dotnet);
        }
        else
        {
            info.ArgumentList.Add("netns");
            info.ArgumentList.Add("exec");
            info.ArgumentList.Add(netns);
            info.ArgumentList.Add(dotnet);
        }

        if (native is null)
        {
            info.ArgumentList.Add(ExecutablePath);
        }

        var arguments = new List<string>(args);
        if (netns is null && !ChoosesInterface(args))
        {
            arguments.Add("--interface");
            arguments.Add("lo");
        }

        foreach (string a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info };
        var result = new MashLoadProcess(process, arguments);
        process.OutputDataReceived += (_, e) => result.Add(result._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => result.Add(result._stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return result;
    }

    /// <summary>Runs mash-load to completion (for option errors) and returns its exit code.</summary>
    public static (int ExitCode, MashLoadProcess Process) RunToExit(string workingDirectory, params string[] args)
    {
        MashLoadProcess p = Start(workingDirectory, args);
        int code = p.WaitForExit(DefaultWait);
        return (code, p);
    }

    /// <summary>Waits for a stdout line matching <paramref name="match"/> and returns it.</summary>
    public string WaitForStdout(Func<string, bool> match, TimeSpan? timeout = null) => WaitFor(_stdout, match, timeout, "stdout");

    public string WaitForStderr(Func<string, bool> match, TimeSpan? timeout = null) => WaitFor(_stderr, match, timeout, "stderr");

    /// <summary>Sends SIGTERM (or another signal) as systemd or an installer's Ctrl-C would.</summary>
    public void Signal(int signal = 15)
    {
        if (Kill(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed");
        }
    }

    public int WaitForExit(TimeSpan? timeout = null)
    {
        if (!_process.WaitForExit(timeout ?? DefaultWait))
        {
            throw new TimeoutException("mash-load did not exit in time; stderr:\n" + string.Join('\n', Stderr));
        }

        _process.WaitForExit(); // drain the output readers
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

    /// <summary>True when the test gave <c>--interface NAME</c> (or <c>--interface=NAME</c>) itself.</summary>
    private static bool ChoosesInterface(string[] args)
    {
        foreach (string a in args)
        {
            if (a == "--interface" || a.StartsWith("--interface=", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

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

    private string WaitFor(List<string> lines, Func<string, bool> match, TimeSpan? timeout, string stream)
    {
        DateTime deadline = DateTime.UtcNow + (timeout ?? DefaultWait);
        int seen = 0;
        lock (_gate)
        {
            while (true)
            {
                for (; seen < lines.Count; seen++)
                {
                    if (match(lines[seen]))
                    {
                        return lines[seen];
                    }
                }

                TimeSpan left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || (_process.HasExited && seen == lines.Count && !Monitor.Wait(_gate, 200)))
                {
                    throw new TimeoutException($"no matching line on {stream}; stdout:\n{string.Join('\n', _stdout)}\nstderr:\n{string.Join('\n', _stderr)}");
                }

                Monitor.Wait(_gate, left);
            }
        }
    }
}
