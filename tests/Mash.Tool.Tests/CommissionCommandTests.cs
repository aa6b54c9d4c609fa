using System;
using System.Text.Json;
using System.Threading.Tasks;
using Mash.Controller.State;
using Mash.Controller.Tests.Commissioning;
using Mash.Controller.Tests.Transport;
using Mash.Protocol.Onboarding;
using Mash.Protocol.Zones;

namespace Mash.Tool.Tests;

public sealed class CommissionCommandTests : IDisposable
{
    private static readonly SetupCode Code = new(20202021);
    private static readonly string Payload = new QrPayload(new Discriminator(1234), Code).ToString();

    private readonly TempState _state = new();

    public void Dispose() => _state.Dispose();

    [Theory]
    [InlineData("--help")]
    [InlineData("commission --help")]
    [InlineData("devices --help")]
    public async Task Every_command_has_help_and_exits_0(string line)
    {
        CliRun run = await CliRun.RunAsync(line.Split(' '));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Usage:", run.Output, StringComparison.Ordinal);
        Assert.Contains("--state", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commission_help_names_the_payload_address_and_zone_types()
    {
        CliRun run = await CliRun.RunAsync("commission", "--help");

        Assert.Contains("PAYLOAD", run.Output, StringComparison.Ordinal);
        Assert.Contains("--address", run.Output, StringComparison.Ordinal);
        Assert.Contains("--zone-type", run.Output, StringComparison.Ordinal);
        Assert.Contains("--json", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_an_address_commission_looks_for_the_discriminator_with_mDNS_and_exits_2_when_nobody_answers()
    {
        // A discriminator no lab device here uses, and a short look: the point is the failure path.
        string nobody = new QrPayload(new Discriminator(3917), Code).ToString();

        CliRun run = await CliRun.RunAsync("--state", _state.Folder, "commission", nobody, "--discovery-timeout", "0.3");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
            "mashctl: no commissionable device with discriminator 3917 answered mDNS within 0.3 s; open its commissioning window, or give --address HOST:PORT",
            run.ErrorLines[^1]);
        Assert.Empty(run.Output);
        using ControllerState state = ControllerState.Open(_state.Folder);
        Assert.Empty(state.Devices);
    }

    [Theory]
    [InlineData("MASH:1:1234")]
    [InlineData("12345")]
    public async Task A_payload_that_is_neither_QR_nor_manual_code_is_a_usage_error(string payload)
    {
        CliRun run = await CliRun.RunAsync("--state", _state.Folder, "commission", payload, "--address", "127.0.0.1:8443");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("mashctl: PAYLOAD is neither a QR payload nor a manual code", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_zone_type_is_a_usage_error()
    {
        CliRun run = await CliRun.RunAsync("commission", Payload, "--address", "127.0.0.1:8443", "--zone-type", "landlord");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("landlord", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commissioning_shows_each_step_as_it_happens_and_prints_the_device()
    {
        await using var device = FakeDevice.Start(Code);

        CliRun run = await CliRun.RunAsync("--state", _state.Folder, "commission", Payload, "--address", "127.0.0.1:" + device.Port)
            .WaitAsync(TestTlsServer.Guard);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            [
                $"connecting to 127.0.0.1:{device.Port} ... ok",
                "PASE ... ok",
                "CSR ... ok",
                "certificate ... installed",
                $"done: device {device.DeviceId} in zone {device.ZoneId} (home-manager)",
            ],
            run.ErrorLines);
        Assert.Contains("device     " + device.DeviceId, run.Output, StringComparison.Ordinal);
        Assert.Contains("zone type  home-manager", run.Output, StringComparison.Ordinal);
        using ControllerState state = ControllerState.Open(_state.Folder);
        Assert.Equal(device.DeviceId, Assert.Single(state.Devices).DeviceId);
    }

    [Fact]
    public async Task With_json_the_result_is_one_JSON_document_on_stdout()
    {
        await using var device = FakeDevice.Start(Code);

        CliRun run = await CliRun.RunAsync(
            "--state", _state.Folder, "commission", Payload, "--address", "127.0.0.1:" + device.Port, "--zone-type", "grid-operator", "--json")
            .WaitAsync(TestTlsServer.Guard);

        Assert.Equal(0, run.ExitCode);
        using JsonDocument json = JsonDocument.Parse(run.Output);
        Assert.Equal(device.DeviceId, json.RootElement.GetProperty("deviceId").GetString());
        Assert.Equal(device.ZoneId, json.RootElement.GetProperty("zoneId").GetString());
        Assert.Equal("grid-operator", json.RootElement.GetProperty("zoneType").GetString());
        Assert.Equal("127.0.0.1:" + device.Port, json.RootElement.GetProperty("address").GetString());
    }

    [Fact]
    public async Task A_wrong_setup_code_fails_with_the_PASE_reason_and_exit_code_2()
    {
        await using var device = FakeDevice.Start(Code);
        string wrong = new QrPayload(new Discriminator(1234), new SetupCode(20202022)).ToString();

        CliRun run = await CliRun.RunAsync("--state", _state.Folder, "commission", wrong, "--address", "127.0.0.1:" + device.Port)
            .WaitAsync(TestTlsServer.Guard);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
            [$"connecting to 127.0.0.1:{device.Port} ... ok", "PASE ... failed", "mashctl: PASE failed: confirmation failed (wrong setup code?)"],
            run.ErrorLines);
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task Commissioning_as_another_zone_type_than_the_state_holds_is_a_state_error()
    {
        using (ControllerState state = ControllerState.Open(_state.Folder))
        {
            state.EnsureZone(ZoneType.HomeManager, DateTimeOffset.UtcNow);
        }

        CliRun run = await CliRun.RunAsync("--state", _state.Folder, "commission", Payload, "--address", "127.0.0.1:8443", "--zone-type", "user-app");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("another --state folder", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_device_is_a_device_error()
    {
        int port;
        using (var probe = TestTlsServer.Start())
        {
            port = probe.Port;
        }

        CliRun run = await CliRun.RunAsync("--state", _state.Folder, "commission", Payload, "--address", "127.0.0.1:" + port);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"connecting to 127.0.0.1:{port} ... failed", run.ErrorLines[0]);
        Assert.StartsWith($"mashctl: connecting to 127.0.0.1:{port} failed", run.ErrorLines[1], StringComparison.Ordinal);
    }
}
