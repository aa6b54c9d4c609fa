using System;
using System.Globalization;
using System.IO;
using System.Linq;

namespace Mash.Device.Host.Tests.EndToEnd;

/// <summary>
/// Issue 13 item 11: a second mash-load on a port already in use must not start; otherwise the
/// kernel spreads controllers over both processes and each one rejects the other's certificate.
/// </summary>
public sealed class PortInUseTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_second_mash_load_on_the_same_port_exits_4_with_one_clear_line()
    {
        string port = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        string first = Path.Combine(_dir.Path, "first");
        string second = Path.Combine(_dir.Path, "second");
        Directory.CreateDirectory(first);
        Directory.CreateDirectory(second);
        using var running = MashLoadProcess.Start(first, "--port", port);
        running.WaitForStderr(l => l.Contains("running", StringComparison.Ordinal));

        (int code, MashLoadProcess p) = MashLoadProcess.RunToExit(second, "--port", port);
        using (p)
        {
            Assert.Equal(4, code);
            string[] errors = p.Stderr.Where(l => l.StartsWith("mash-load:", StringComparison.Ordinal)).ToArray();
            Assert.Equal($"mash-load: port {port} is already in use (another mash-load?)", Assert.Single(errors));
            Assert.DoesNotContain(p.Stderr, l => l.Contains("running", StringComparison.Ordinal));
        }

        // The first device is unaffected and still stops cleanly.
        running.Signal();
        Assert.Equal(0, running.WaitForExit());
    }
}
