using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Mash.Device.Host.Tests;
using Mash.Device.Host.Tests.EndToEnd;

namespace Mash.Integration.Tests;

/// <summary>
/// mashctl as an installer uses it against a real mash-load process: commission, read, set and
/// clear a limit (the relays follow), subscribe, invoke. Each step is a separate mashctl process.
/// </summary>
public sealed class MashctlOperatingEndToEndTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly int _port = FreePort.Next();
    private readonly MashLoadProcess _device;
    private readonly string _state;

    public MashctlOperatingEndToEndTests()
    {
        // The host-sim board with a 1 s relay interval, so the stages are on soon after start.
        string board = Path.Combine(_dir.Path, "host-sim-fast.json");
        File.WriteAllText(board, File.ReadAllText(RepoPaths.Board("host-sim"))
            .Replace("\"name\": \"host-sim\"", "\"name\": \"host-sim-fast\"", StringComparison.Ordinal)
            .Replace("\"minSwitchIntervalSeconds\": 10", "\"minSwitchIntervalSeconds\": 1", StringComparison.Ordinal)
            .Replace("\"powerOnState\": \"off\"", "\"powerOnState\": \"on\"", StringComparison.Ordinal));
        // Debug: the tests wait for per-request lines ("invoked ..."), which are debug level.
        _device = MashLoadProcess.Start(_dir.Path, "--port", _port.ToString(CultureInfo.InvariantCulture), "--board", board, "--log-level", "debug");
        _device.WaitForStderr(l => l.Contains("running", StringComparison.Ordinal));
        _state = Path.Combine(_dir.Path, "mashctl-state");
    }

    public void Dispose()
    {
        _device.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Commissioned_with_mashctl_the_device_is_read_limited_subscribed_and_invoked()
    {
        string deviceId = await CommissionAsync();
        _device.WaitForStderr(l => l.Contains("relay 3 'stage-3' ON", StringComparison.Ordinal));

        // read: names in, name = value with units out.
        (int code, string stdout, string stderr) = await Ctl("read", "--device", deviceId, "--feature", "measurement");
        Assert.True(code == 0, stderr);
        Assert.Matches(@"^acActivePower = \d+ mW \(\d+ W\)\n$", stdout);

        // limit set: the device switches stages off at once and reports the limit in force.
        (code, stdout, stderr) = await Ctl("limit", "set", "--device", deviceId, "--watts", "2500");
        Assert.True(code == 0, stderr);
        Assert.Contains("effectiveConsumptionLimit = 2500000 mW (2500 W)", stdout, StringComparison.Ordinal);
        _device.WaitForStderr(l => l.Contains("relay 3 'stage-3' OFF (3000 W): limit 2500 W", StringComparison.Ordinal));

        // mash-load drops a zone's limit when the zone disconnects, which mashctl just did.
        _device.WaitForStderr(l => l.Contains("its limit 2500 W is dropped", StringComparison.Ordinal));

        // limit clear on a fresh session: nothing left in force.
        (code, stdout, stderr) = await Ctl("limit", "clear", "--device", deviceId);
        Assert.True(code == 0, stderr);
        Assert.Contains("effectiveConsumptionLimit = null", stdout, StringComparison.Ordinal);

        // subscribe --count 1: the priming values, then the first report (a heartbeat after 1 s).
        (code, stdout, stderr) = await Ctl("subscribe", "--device", deviceId, "--feature", "energyControl", "--max", "1", "--count", "1");
        Assert.True(code == 0, stderr);
        string[] lines = stdout.TrimEnd('\n').Split('\n');
        Assert.Contains(lines, l => l.EndsWith("Z effectiveConsumptionLimit = null", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith("Z failsafeDuration = 14400 s", StringComparison.Ordinal));
        Assert.EndsWith("Z heartbeat", lines[^1], StringComparison.Ordinal);

        // invoke: any command by name.
        (code, stdout, stderr) = await Ctl("invoke", "--device", deviceId, "--endpoint", "1", "--feature", "energyControl", "--command", "clearLimit");
        Assert.True(code == 0, stderr);
        Assert.Equal("success = true\n", stdout);
        _device.WaitForStderr(l => l.Contains("invoked energyControl.clearLimit", StringComparison.Ordinal));

        // The device refuses a setLimit without its required cause: exit 2 with the status name.
        (code, _, stderr) = await Ctl("invoke", "--device", deviceId, "--endpoint", "1", "--feature", "energyControl", "--command", "setLimit", "--param", "consumptionLimit=1000");
        Assert.Equal(2, code);
        Assert.StartsWith("mashctl: setLimit refused by the device: INVALID_PARAMETER", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_held_limit_stays_in_force_for_other_commands_and_Ctrl_C_clears_it()
    {
        string deviceId = await CommissionAsync();

        using Mashctl.Running hold = Mashctl.Start("--state", _state, "limit", "set", "--device", deviceId, "--watts", "2500", "--hold");
        hold.WaitForStderr("holding the connection");

        // stdout and stderr are read separately, so the reading may arrive after the notice.
        hold.WaitForStdout("effectiveConsumptionLimit = 2500000 mW (2500 W)");

        // Another command of the same zone takes over the device's one connection for the zone;
        // the hold reconnects and sends the limit again.
        (int code, string stdout, string stderr) = await Ctl("read", "--device", deviceId, "--json", "--attribute", "effectiveConsumptionLimit");
        Assert.True(code == 0, stderr);
        using (JsonDocument json = JsonDocument.Parse(stdout))
        {
            Assert.Equal(2_500_000, json.RootElement.GetProperty("features").GetProperty("energyControl").GetProperty("effectiveConsumptionLimit").GetInt64());
        }

        hold.WaitForStderr("limit sent again");

        Assert.Equal(0, hold.Interrupt());
        Assert.Contains("limit cleared", hold.Stderr, StringComparison.Ordinal);
        _device.WaitForStderr(l => l.Contains("invoked energyControl.clearLimit", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_held_limit_started_from_a_script_in_the_background_stops_on_SIGINT_and_clears_the_limit(bool nohup)
    {
        string deviceId = await CommissionAsync();

        // "mashctl ... &" in a script starts with SIGINT ignored; Ctrl-C/kill -INT must still end the hold.
        using Mashctl.Running hold = Mashctl.StartAsScriptJob(nohup, "--state", _state, "limit", "set", "--device", deviceId, "--watts", "2500", "--hold");
        hold.WaitForStderr("holding the connection");
        _device.WaitForStderr(l => l.Contains("relay 3 'stage-3' OFF (3000 W): limit 2500 W", StringComparison.Ordinal));

        Assert.Equal(0, hold.Interrupt());
        Assert.Contains("limit cleared", hold.Stderr, StringComparison.Ordinal);
        _device.WaitForStderr(l => l.Contains("invoked energyControl.clearLimit", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_subscription_started_from_a_script_in_the_background_stops_on_SIGINT_with_exit_code_0(bool nohup)
    {
        string deviceId = await CommissionAsync();

        using Mashctl.Running subscription = Mashctl.StartAsScriptJob(nohup, "--state", _state, "subscribe", "--device", deviceId, "--feature", "energyControl");
        subscription.WaitForStderr("waiting for reports");

        Assert.Equal(0, subscription.Interrupt());
        Assert.Contains("effectiveConsumptionLimit = null", subscription.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_subscription_replaced_by_another_command_of_the_same_zone_ends_saying_so()
    {
        string deviceId = await CommissionAsync();
        using Mashctl.Running subscribe = Mashctl.Start("--state", _state, "subscribe", "--device", deviceId, "--feature", "measurement");
        subscribe.WaitForStderr("waiting for reports");

        // The device keeps one connection per zone: the read's connection replaces the subscription's.
        (int code, _, string stderr) = await Ctl("read", "--device", deviceId, "--feature", "measurement");
        Assert.True(code == 0, stderr);

        Assert.Equal(2, subscribe.WaitForExit());
        Assert.Contains(
            "mashctl: subscription ended: the device closed the connection, most likely because another connection of this zone (another mashctl command?) replaced this one",
            subscribe.Stderr,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_devices_and_names_fail_with_their_exit_codes_and_valid_choices()
    {
        string deviceId = await CommissionAsync();

        (int code, _, string stderr) = await Ctl("read", "--device", "0000000000000000");
        Assert.Equal(3, code);
        Assert.Contains("known devices: " + deviceId, stderr, StringComparison.Ordinal);

        (code, _, stderr) = await Ctl("read", "--device", deviceId, "--feature", "energy");
        Assert.Equal(1, code);
        Assert.Contains("valid: status, electrical, measurement, energyControl", stderr, StringComparison.Ordinal);
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> Ctl(params string[] args) => Mashctl.RunAsync(["--state", _state, .. args]);

    private async Task<string> CommissionAsync()
    {
        string payload = _device.WaitForStdout(l => l.StartsWith("MASH:", StringComparison.Ordinal));
        (int code, string stdout, string stderr) = await Ctl("commission", payload, "--address", $"[::1]:{_port}", "--json");
        Assert.True(code == 0, stderr);
        using JsonDocument json = JsonDocument.Parse(stdout);
        return json.RootElement.GetProperty("deviceId").GetString()!;
    }
}
