using System;
using System.Globalization;
using System.IO;
using System.Threading.Tasks;
using Mash.Controller.Commissioning;
using Mash.Controller.State;
using Mash.Device.Host.Tests;
using Mash.Device.Host.Tests.EndToEnd;
using Mash.Protocol.Onboarding;
using Mash.Protocol.Provisioning;
using Mash.Protocol.Zones;

namespace Mash.Integration.Tests;

/// <summary>A device provisioned at the factory with only the verifier pairs with the label's code.</summary>
public sealed class ProvisioningEndToEndTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_provisioned_device_never_sees_the_setup_code_yet_pairs_with_it()
    {
        var code = new SetupCode(48151623);
        var discriminator = new Discriminator(2718);
        string file = Path.Combine(_dir.Path, "device-001.mashprov");
        await File.WriteAllTextAsync(file, ProvisioningFile.FromSetupCode(discriminator, code, 65521, 1).ToJson());
        Assert.DoesNotContain("48151623", await File.ReadAllTextAsync(file), StringComparison.Ordinal);

        int port = FreePort.Next();
        using MashLoadProcess device = MashLoadProcess.Start(_dir.Path, "--port", port.ToString(CultureInfo.InvariantCulture), "--provision", file);
        device.WaitForStderr(l => l.Contains("running", StringComparison.Ordinal));

        // The banner's last line; stdout is read apart from stderr, so wait for it rather than assume it.
        device.WaitForStdout(l => l.StartsWith("setup-code: (provisioned", StringComparison.Ordinal));
        Assert.Contains("discriminator: 2718", device.Stdout);
        Assert.DoesNotContain(device.Stdout, l => l.Contains("48151623", StringComparison.Ordinal));
        foreach (string record in Directory.GetFiles(Path.Combine(_dir.Path, "mash-data"), "*.rec"))
        {
            Assert.DoesNotContain("48151623", await File.ReadAllTextAsync(record), StringComparison.Ordinal);
        }

        using ControllerState state = ControllerState.Open(Path.Combine(_dir.Path, "controller"));
        await using CommissioningResult paired = await new Commissioner(state).CommissionAsync(new OnboardingCode(discriminator, code), "::1", port, ZoneType.HomeManager, null, default);
        Assert.Single(state.Devices);
        device.Signal();
        Assert.Equal(0, device.WaitForExit());
    }
}
