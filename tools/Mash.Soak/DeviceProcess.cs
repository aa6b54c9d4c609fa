using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text.RegularExpressions;
using System.Threading;

namespace Mash.Soak;

/// <summary>
/// The mash-load under test, started by the tool: its output is drained all the time (a full
/// pipe would stall the device) into a log file, and warnings and errors are counted by kind.
/// </summary>
internal sealed partial class DeviceProcess : IDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly List<string> _stdout = [];
    private readonly SortedDictionary<string, int> _problems = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private bool _running;
    private long? _liveHeapKiB;

    /// <summary>How often the device logs its health line, the only view of its managed heap.</summary>
    public const int HealthIntervalSeconds = 5;

    private DeviceProcess(Process process, StreamWriter log)
    {
        _process = process;
        _log = log;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The managed heap the last GC kept, from the device's latest "health:" line (null before the first GC).</summary>
    public long? LiveHeapKiB
    {
        get
        {
            lock (_gate)
            {
                return _liveHeapKiB;
            }
        }
    }

    /// <summary>Warnings and errors the device logged, by message with numbers masked, and how often.</summary>
    public IReadOnlyDictionary<string, int> Problems
    {
        get
        {
            lock (_gate)
            {
                return new SortedDictionary<string, int>(_problems, StringComparer.Ordinal);
            }
        }
    }

    public static DeviceProcess Start(string mashLoad, string directory, int port)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(mashLoad);
        info.ArgumentList.Add("--port");
        info.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
        info.ArgumentList.Add("--health-interval");
        info.ArgumentList.Add(HealthIntervalSeconds.ToString(CultureInfo.InvariantCulture));

        // The soak talks to the device over loopback only; its mDNS stays there too instead of
        // announcing on the machine's real network for the whole run.
        info.ArgumentList.Add("--interface");
        info.ArgumentList.Add("lo");
        var process = new Process { StartInfo = info };
        var device = new DeviceProcess(process, new StreamWriter(Path.Combine(directory, "mash-load.log")) { AutoFlush = true });
        process.OutputDataReceived += (_, e) => device.OnStdout(e.Data);
        process.ErrorDataReceived += (_, e) => device.OnStderr(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return device;
    }

    /// <summary>Waits for a stdout line starting with <paramref name="prefix"/>.</summary>
    public string WaitForStdout(string prefix, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        lock (_gate)
        {
            while (true)
            {
                foreach (string line in _stdout)
                {
                    if (line.StartsWith(prefix, StringComparison.Ordinal))
                    {
                        return line;
                    }
                }

                TimeSpan left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || _process.HasExited)
                {
                    throw new TimeoutException($"mash-load printed no line starting with \"{prefix}\"");
                }

                Monitor.Wait(_gate, left);
            }
        }
    }

    public void WaitUntilRunning(TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        lock (_gate)
        {
            while (!_running)
            {
                TimeSpan left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || _process.HasExited)
                {
                    throw new TimeoutException("mash-load did not report running");
                }

                Monitor.Wait(_gate, left);
            }
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
        lock (_gate)
        {
            _log.Dispose();
        }
    }

    [GeneratedRegex(@"^\S+ (WARN|ERROR) +(.*)$")]
    private static partial Regex ProblemLine();

    [GeneratedRegex(@" health: .* live heap (\d+) KiB")]
    private static partial Regex HealthHeap();

    [GeneratedRegex(@"\[[^\]]*\]:\d+|#\d+|\b[0-9a-f]{16}\b|\d+")]
    private static partial Regex Variable();

    private void OnStdout(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _stdout.Add(line);
            _log.WriteLine("out " + line);
            Monitor.PulseAll(_gate);
        }
    }

    private void OnStderr(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _log.WriteLine(line);
            if (line.Contains("boot: running", StringComparison.Ordinal))
            {
                _running = true;
                Monitor.PulseAll(_gate);
            }

            Match health = HealthHeap().Match(line);
            if (health.Success)
            {
                _liveHeapKiB = long.Parse(health.Groups[1].Value, CultureInfo.InvariantCulture);
            }

            Match problem = ProblemLine().Match(line);
            if (problem.Success)
            {
                string kind = problem.Groups[1].Value + " " + Variable().Replace(problem.Groups[2].Value, "N");
                _problems[kind] = _problems.GetValueOrDefault(kind) + 1;
            }
        }
    }
}
