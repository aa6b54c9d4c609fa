using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;

namespace Mash.Device.Host.Tests.Discovery;

/// <summary>
/// Debian's avahi-browse, running continuously in a network namespace with its own
/// avahi-daemon and D-Bus system bus. They run in private PID and mount namespaces (a tmpfs
/// over /run), so they cannot meet the machine's own daemons and all die with the browser.
/// </summary>
internal sealed class AvahiBrowser : IDisposable
{
    public static readonly string[] Tools = { "avahi-daemon", "avahi-browse", "dbus-daemon", "unshare", "stdbuf", "timeout" };

    private readonly Process _process;
    private readonly List<string> _lines = new();
    private readonly object _gate = new();

    private AvahiBrowser(Process process)
    {
        _process = process;
    }

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate)
            {
                return _lines.ToArray();
            }
        }
    }

    /// <summary>Starts browsing <paramref name="serviceType"/> with resolution (avahi-browse -rp).</summary>
    public static AvahiBrowser Start(string netns, string serviceType)
    {
        // The readiness loop waits until the daemon answers on D-Bus; the outer timeout bounds a
        // browser the test forgot to stop.
        string script =
            "mount -t tmpfs tmpfs /run && mkdir -p /run/dbus /run/avahi-daemon" +
            " && dbus-daemon --system --fork" +
            " && avahi-daemon --no-chroot --no-rlimits -D" +
            " && for i in $(seq 50); do avahi-browse -atp >/dev/null 2>&1 && break; sleep 0.1; done" +
            " && exec timeout 120 stdbuf -oL avahi-browse -rp " + serviceType;
        var info = new ProcessStartInfo("ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in new[] { "netns", "exec", netns, "unshare", "--pid", "--mount", "--fork", "--kill-child", "sh", "-c", script })
        {
            info.ArgumentList.Add(a);
        }

        var process = new Process { StartInfo = info };
        var browser = new AvahiBrowser(process);
        process.OutputDataReceived += (_, e) => browser.Add(e.Data);
        process.ErrorDataReceived += (_, e) => browser.Add(e.Data is null ? null : "stderr: " + e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return browser;
    }

    public string WaitFor(Func<string, bool> match, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        lock (_gate)
        {
            int seen = 0;
            while (true)
            {
                for (; seen < _lines.Count; seen++)
                {
                    if (match(_lines[seen]))
                    {
                        return _lines[seen];
                    }
                }

                TimeSpan left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    throw new TimeoutException("avahi-browse did not print the expected line; it printed:\n" + string.Join('\n', _lines));
                }

                Monitor.Wait(_gate, left);
            }
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            // unshare --kill-child takes the whole PID namespace (dbus, avahi) down with it.
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _lines.Add(line);
            Monitor.PulseAll(_gate);
        }
    }
}
