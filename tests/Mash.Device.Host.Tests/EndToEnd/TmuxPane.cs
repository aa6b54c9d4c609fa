using System;
using System.Globalization;
using System.IO;
using System.Threading;
using Mash.Tool.Tests.Imaging;

namespace Mash.Device.Host.Tests.EndToEnd;

/// <summary>
/// A real terminal for mash-load: a detached tmux pane on a private tmux server. stdout goes to
/// the pane (a tty, as for a person at the console); stderr to a file the test waits on.
/// </summary>
internal sealed class TmuxPane : IDisposable
{
    private readonly string _socket = "mash-test-" + Guid.NewGuid().ToString("N")[..12];

    private TmuxPane(string stderrFile)
    {
        StderrFile = stderrFile;
    }

    public string StderrFile { get; }

    /// <summary>Starts mash-load in a new pane with <paramref name="environment"/> (NAME=value) set.</summary>
    public static TmuxPane StartMashLoad(string folder, string[] environment, params string[] args)
    {
        var pane = new TmuxPane(Path.Combine(folder, "stderr.log"));
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        string command = $"exec {Quote(dotnet)} {Quote(MashLoadProcess.ExecutablePath)} {string.Join(' ', Array.ConvertAll(args, Quote))} 2>{Quote(pane.StderrFile)}";
        var tmux = new System.Collections.Generic.List<string> { "-L", pane._socket, "-f", "/dev/null", "new-session", "-d", "-x", "120", "-y", "70", "-c", folder };
        foreach (string variable in environment)
        {
            tmux.Add("-e");
            tmux.Add(variable);
        }

        tmux.Add(command);
        Check([.. tmux]);
        return pane;
    }

    /// <summary>Waits until the stderr log has a line containing <paramref name="text"/>.</summary>
    public void WaitForStderr(string text, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (!(File.Exists(StderrFile) && File.ReadAllText(StderrFile).Contains(text, StringComparison.Ordinal)))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"mash-load in tmux never logged \"{text}\"; stderr:\n{(File.Exists(StderrFile) ? File.ReadAllText(StderrFile) : "(none)")}\npane:\n{Capture()}");
            }

            Thread.Sleep(100);
        }
    }

    /// <summary>What the pane shows, with its colours as escape sequences (tmux capture-pane -e).</summary>
    public string Capture() => Check("-L", _socket, "capture-pane", "-p", "-e", "-J", "-S", "0");

    public void Dispose()
    {
        // SIGHUP is a button press to mash-load, not a stop: send SIGTERM to the pane's process
        // first, then take the private tmux server down.
        (int code, string pid, _) = ImageTools.Run("tmux", "-L", _socket, "display-message", "-p", "#{pane_pid}");
        if (code == 0 && int.TryParse(pid.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int id))
        {
            ImageTools.Run("kill", "-TERM", id.ToString(CultureInfo.InvariantCulture));
            DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            while (Directory.Exists("/proc/" + id) && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(100);
            }
        }

        ImageTools.Run("tmux", "-L", _socket, "kill-server");
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string Check(params string[] args)
    {
        (int code, string stdout, string stderr) = ImageTools.Run("tmux", args);
        if (code != 0)
        {
            throw new InvalidOperationException($"tmux {string.Join(' ', args)} exited {code}: {stderr.Trim()}");
        }

        return stdout;
    }
}
