using System;
using System.Collections.Concurrent;
using System.Diagnostics;

namespace Mash.Bench.SideBySide;

/// <summary>A started device process: its output lines, its commissioning window, its stop.</summary>
internal sealed class RunningDevice
{
    private readonly DeviceUnderTest _device;
    // Both streams, in arrival order: the reference prints events and console answers on either.
    private readonly BlockingCollection<string> _stdout = [];
    private readonly ConcurrentQueue<string> _stderr = new();

    public RunningDevice(DeviceUnderTest device, Process process)
    {
        _device = device;
        Process = process;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _stdout.Add(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _stdout.Add(e.Data);
                _stderr.Enqueue(e.Data);
                while (_stderr.Count > 40)
                {
                    _stderr.TryDequeue(out string? _);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Process Process { get; }

    public int Id => Process.Id;

    /// <summary>The device's last lines on stderr, to show when a measurement fails.</summary>
    public string LastErrors => string.Join(Environment.NewLine, _stderr);

    /// <summary>
    /// Opens the commissioning window again after a pairing closed it: SIGUSR1 for mash-load (its
    /// button), the "commission" console command for the reference, whose answer is awaited.
    /// </summary>
    public void ReopenWindow()
    {
        if (!_device.IsReference)
        {
            _ = Native.Kill(Process.Id, Native.SigUsr1);
            DeviceUnderTest.Pause(TimeSpan.FromMilliseconds(300));
            return;
        }

        // It closes the window only after it answered PASE; reopening before that is undone.
        WaitForLine("Commissioning window closed");
        Process.StandardInput.WriteLine("commission");
        Process.StandardInput.Flush();
        WaitForLine("Commissioning mode enabled");
    }

    private void WaitForLine(string text)
    {
        var limit = Stopwatch.StartNew();
        while (_stdout.TryTake(out string? line, TimeSpan.FromSeconds(10) - limit.Elapsed))
        {
            if (line.Contains(text, StringComparison.Ordinal))
            {
                return;
            }
        }

        throw new TimeoutException($"the reference device did not say \"{text}\" within 10 s");
    }

    /// <summary>SIGTERM, then waits for the exit (SIGKILL after 15 s: a figure is worth less than a hung bench).</summary>
    public void Stop()
    {
        if (!Process.HasExited)
        {
            _ = Native.Kill(Process.Id, Native.SigTerm);
        }

        if (!Process.WaitForExit(TimeSpan.FromSeconds(15)))
        {
            Process.Kill();
        }

        Process.WaitForExit();
    }
}
