using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading.Tasks;
using Mash.Controller.Commissioning;
using Mash.Controller.Operational;
using Mash.Controller.State;
using Mash.Controller.Transport;
using Mash.Device.Host.Tests;
using Mash.Device.Host.Tests.Discovery;
using Mash.Device.Host.Tests.EndToEnd;
using Mash.Protocol.Onboarding;
using Mash.Protocol.Zones;

namespace Mash.Integration.Tests;

/// <summary>
/// The first pairing after boot does not pay for loading the system's public CAs: the device
/// trusts only its Zone CAs, and strace, attached to the running device, sees it open nothing
/// under /etc/ssl/certs through a commissioning and an operational connection (it opened about
/// 150 files there before, 100-200 ms of the first handshake).
/// </summary>
public sealed class SystemTrustStoreEndToEndTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly int _port = FreePort.Next();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Commissioning_and_an_operational_connection_never_read_the_system_trust_store()
    {
        Assert.True(Shell.OnPath("strace"), "strace is missing: install strace (.ci/run does)");
        using MashLoadProcess device = MashLoadProcess.Start(_dir.Path, "--port", _port.ToString(CultureInfo.InvariantCulture), "--setup-code", "20252026");
        device.WaitForStderr(l => l.Contains("running", StringComparison.Ordinal));
        OnboardingCode code = OnboardingCode.Parse(device.WaitForStdout(l => l.StartsWith("MASH:", StringComparison.Ordinal)));

        string trace = Path.Combine(_dir.Path, "openat.trace");
        var info = new ProcessStartInfo("strace") { RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { "-f", "-e", "trace=openat", "-o", trace, "-p", device.Id.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(a);
        }

        using Process strace = Process.Start(info)!;
        var attached = new TaskCompletionSource();
        strace.ErrorDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("attached", StringComparison.Ordinal) == true)
            {
                attached.TrySetResult();
            }
        };
        strace.BeginErrorReadLine();
        await attached.Task.WaitAsync(TimeSpan.FromSeconds(10));

        using ControllerState state = ControllerState.Open(Path.Combine(_dir.Path, "controller"));
        await using (await new Commissioner(state).CommissionAsync(code, "::1", _port, ZoneType.HomeManager, null, default))
        {
        }

        await using (MashConnection operational = await OperationalClient.ConnectAsync(state, Assert.Single(state.Devices)))
        {
            Assert.True(operational.IsOpen);
        }

        device.WaitForStderr(l => l.Contains("operational for zone", StringComparison.Ordinal));
        strace.Kill();
        await strace.WaitForExitAsync();
        string[] opened = File.ReadAllLines(trace);
        Assert.Contains(opened, l => l.Contains("openat(", StringComparison.Ordinal)); // strace saw the device at work
        Assert.DoesNotContain(opened, l => l.Contains("/etc/ssl/certs", StringComparison.Ordinal));
    }
}
