using System;
using System.Globalization;
using System.IO;
using System.Threading.Tasks;
using Mash.Controller.Commissioning;
using Mash.Controller.State;
using Mash.Controller.Transport;
using Mash.Device.Host.Tests;
using Mash.Device.Host.Tests.EndToEnd;
using Mash.Protocol.Onboarding;
using Mash.Protocol.Wire;
using Mash.Protocol.Zones;

namespace Mash.Integration.Tests;

/// <summary>
/// Limits drive the simulated relays of a running mash-load, and the failsafe takes over when the
/// controller vanishes (with the lab trigger that shortens the failsafe timer to seconds).
/// </summary>
public sealed class LoadEndToEndTests : IDisposable
{
    private const string TestKey = "00112233445566778899aabbccddeeff";
    private readonly TempDirectory _dir = new();
    private readonly int _port = FreePort.Next();
    private readonly MashLoadProcess _device;

    public LoadEndToEndTests()
    {
        // host-sim with a 1 s relay protection interval, so the test does not wait 10 s per switch-on.
        string board = Path.Combine(_dir.Path, "fast-sim.json");
        File.WriteAllText(board, File.ReadAllText(RepoBoards.HostSim)
            .Replace("\"name\": \"host-sim\"", "\"name\": \"fast-sim\"", StringComparison.Ordinal)
            .Replace("\"minSwitchIntervalSeconds\": 10", "\"minSwitchIntervalSeconds\": 1", StringComparison.Ordinal));
        _device = MashLoadProcess.Start(_dir.Path, "--port", _port.ToString(CultureInfo.InvariantCulture), "--board", board, "--test-event-key", TestKey);
        _device.WaitForStderr(l => l.Contains("running", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _device.Dispose();
        _dir.Dispose();
    }

    private string RelayFile => Path.Combine(_dir.Path, "mash-data", "relays.state");

    private async Task WaitForRelays(string expected)
    {
        DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        string seen = "";
        while (DateTime.UtcNow < deadline)
        {
            seen = File.Exists(RelayFile) ? (await File.ReadAllTextAsync(RelayFile)).Trim() : "(none)";
            if (seen == expected)
            {
                return;
            }

            await Task.Delay(50); // polling the simulated board's state file
        }

        Assert.Fail($"relays are '{seen}', expected '{expected}'");
    }

    private static CborValue Invoke(byte command, CborMap parameters) =>
        CborValue.FromMap(new CborMap().Set(1, CborValue.FromUInt64(command)).Set(2, CborValue.FromMap(parameters)));

    [Fact]
    public async Task A_limit_turns_stages_off_and_after_an_abrupt_loss_the_failsafe_limit_holds()
    {
        using ControllerState state = ControllerState.Open(Path.Combine(_dir.Path, "controller"));
        OnboardingCode code = OnboardingCode.Parse(_device.WaitForStdout(l => l.StartsWith("MASH:", StringComparison.Ordinal)));
        await using CommissioningResult paired = await new Commissioner(state).CommissionAsync(code, "::1", _port, ZoneType.GridOperator, null, default);
        MashConnection session = paired.Connection;

        await WaitForRelays("1 1 1"); // no limit: normal operation, every stage on (6 kW)

        Response set = await session.RequestAsync(Operation.Invoke, 1, 5, Invoke(1, new CborMap()
            .Set("consumptionLimit", CborValue.FromInt64(2_500_000))
            .Set("cause", CborValue.FromUInt64(0))));
        Assert.Equal(StatusCode.Success, set.Status);
        await WaitForRelays("0 1 0"); // the 2 kW stage is the most that fits under 2.5 kW
        Response power = await session.RequestAsync(Operation.Read, 1, 4, CborValue.FromArray(CborValue.FromUInt64(1)));
        Assert.True(power.Payload.TryGetValue(1, out CborValue? activePower));
        Assert.Equal(2_000_000, activePower!.AsInt64());
        _device.WaitForStderr(l => l.Contains("OFF", StringComparison.Ordinal) && l.Contains("2500 W", StringComparison.Ordinal));

        // Lab trigger: failsafe after 2 s instead of hours; then the connection drops without a close.
        byte[] key = Convert.FromHexString(TestKey);
        Response shortened = await session.RequestAsync(Operation.Invoke, 0, 1, Invoke(0xF0, new CborMap()
            .Set("enableKey", CborValue.FromBytes(key))
            .Set("trigger", CborValue.FromUInt64(0x0000_0001_0000_0002))));
        Assert.Equal(StatusCode.Success, shortened.Status);
        Response lost = await session.RequestAsync(Operation.Invoke, 0, 1, Invoke(0xF0, new CborMap()
            .Set("enableKey", CborValue.FromBytes(key))
            .Set("trigger", CborValue.FromUInt64(0x0000_0003_0000_0000))));
        Assert.Equal(StatusCode.Success, lost.Status);
        Assert.True((await session.Closed.WaitAsync(TimeSpan.FromSeconds(10))).IsLost);

        // Failsafe limit (0 W by default): every stage off, and the device says so.
        await WaitForRelays("0 0 0");
        _device.WaitForStderr(l => l.Contains("FAILSAFE", StringComparison.OrdinalIgnoreCase));
    }
}
