using System;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Mash.Controller.State;
using Mash.Controller.Tests.Transport;
using Mash.Protocol.Wire;

namespace Mash.Tool.Tests;

/// <summary>read, subscribe, invoke and limit against an in-process device of a commissioned zone.</summary>
public sealed class OperatingCommandTests : IAsyncDisposable
{
    private readonly TempState _state = new();
    private readonly OperationalDevice _device;

    public OperatingCommandTests()
    {
        _device = OperationalDevice.Create(_state.Folder);
    }

    public async ValueTask DisposeAsync()
    {
        await _device.DisposeAsync();
        _state.Dispose();
    }

    [Theory]
    [InlineData("read --help")]
    [InlineData("subscribe --help")]
    [InlineData("invoke --help")]
    [InlineData("limit --help")]
    [InlineData("limit set --help")]
    [InlineData("limit clear --help")]
    [InlineData("zones --help")]
    [InlineData("zones list --help")]
    [InlineData("zones remove --help")]
    [InlineData("label --help")]
    [InlineData("discover --help")]
    public async Task Every_operating_command_has_help_and_exits_0(string line)
    {
        CliRun run = await CliRun.RunAsync(line.Split(' '));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Usage:", run.Output, StringComparison.Ordinal);
        Assert.Contains("--state", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_resolves_names_sends_attribute_IDs_and_prints_values_with_units()
    {
        _device.Handler = (request, peer) => OperationalDevice.Respond(peer, request, StatusCode.Success, new CborMap().Set(20, CborValue.FromInt64(2_500_000)).Set(21, CborValue.Null));

        CliRun run = await Run("read", "--device", OperationalDevice.Id, "--feature", "energyControl", "--attribute", "effectiveConsumptionLimit", "myConsumptionLimit");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["effectiveConsumptionLimit = 2500000 mW (2500 W)", "myConsumptionLimit = null"], Lines(run.Output));
        Request request = Assert.Single(_device.Requests);
        Assert.Equal((Operation.Read, (byte)1, (byte)5), (request.Operation, request.EndpointId, request.FeatureId));
        Assert.Equal(CborValue.FromArray(CborValue.FromUInt64(20), CborValue.FromUInt64(21)), request.Payload);
    }

    [Fact]
    public async Task Read_without_a_feature_reads_each_feature_of_the_load_and_prints_sections_or_one_JSON_document()
    {
        _device.Handler = (request, peer) => OperationalDevice.Respond(peer, request, StatusCode.Success, request.FeatureId switch
        {
            4 => new CborMap().Set(1, CborValue.FromInt64(6_000_000)),
            5 => new CborMap().Set(2, CborValue.FromUInt64(1)).Set(0xFFFD, CborValue.FromUInt64(1)),
            _ => new CborMap(0),
        });

        CliRun text = await Run("read", "--device", OperationalDevice.Id);
        CliRun json = await Run("read", "--device", OperationalDevice.Id, "--json");

        Assert.Equal(0, text.ExitCode);
        Assert.Equal(
            ["[status]", string.Empty, "[electrical]", string.Empty, "[measurement]", "acActivePower = 6000000 mW (6000 W)", string.Empty, "[energyControl]", "controlState = 1 (CONTROLLED)"],
            Lines(text.Output));
        Assert.Equal([2, 3, 4, 5, 2, 3, 4, 5], _device.Requests.Select(r => (int)r.FeatureId));
        Assert.All(_device.Requests, r => Assert.Null(r.Payload));
        using JsonDocument document = JsonDocument.Parse(json.Output);
        Assert.Equal(OperationalDevice.Id, document.RootElement.GetProperty("deviceId").GetString());
        Assert.Equal(6_000_000, document.RootElement.GetProperty("features").GetProperty("measurement").GetProperty("acActivePower").GetInt64());
        Assert.False(document.RootElement.GetProperty("features").GetProperty("energyControl").TryGetProperty("clusterRevision", out _));
    }

    [Fact]
    public async Task A_refusal_exits_2_with_the_status_name_and_the_devices_text()
    {
        _device.Handler = (request, peer) => peer.WriteFrameAsync(MessageCodec.Encode(Response.Error(request.MessageId, StatusCode.NotAuthorized, "no zone")));

        CliRun run = await Run("read", "--device", OperationalDevice.Id, "--feature", "measurement");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("mashctl: read measurement on endpoint 1 refused by the device: NOT_AUTHORIZED (no zone)", Assert.Single(run.ErrorLines));
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task An_unknown_device_exits_3_and_lists_the_known_ones()
    {
        CliRun run = await Run("read", "--device", "feedfacefeedface");

        Assert.Equal(3, run.ExitCode);
        Assert.Equal($"mashctl: unknown device \"feedfacefeedface\" in {System.IO.Path.GetFullPath(_state.Folder)}; known devices: {OperationalDevice.Id}", Assert.Single(run.ErrorLines));
    }

    [Fact]
    public async Task With_no_devices_at_all_the_reason_says_so()
    {
        using var empty = new TempState();

        CliRun run = await CliRun.RunAsync("--state", empty.Folder, "invoke", "--device", "x", "--endpoint", "1", "--feature", "energyControl", "--command", "clearLimit");

        Assert.Equal(3, run.ExitCode);
        Assert.EndsWith("no devices are commissioned with the controller state in " + System.IO.Path.GetFullPath(empty.Folder), Assert.Single(run.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_misspelt_name_is_a_usage_error_before_any_connection()
    {
        CliRun feature = await Run("read", "--device", OperationalDevice.Id, "--feature", "energy");
        CliRun command = await Run("invoke", "--device", OperationalDevice.Id, "--endpoint", "1", "--feature", "energyControl", "--command", "setlimt");

        Assert.Equal(1, feature.ExitCode);
        Assert.Equal("mashctl: unknown feature \"energy\" on endpoint 1; valid: status, electrical, measurement, energyControl", Assert.Single(feature.ErrorLines));
        Assert.Equal(1, command.ExitCode);
        Assert.Empty(_device.Requests);
    }

    [Fact]
    public async Task An_unreachable_device_exits_2_naming_it()
    {
        using (ControllerState state = ControllerState.Open(_state.Folder))
        {
            DeviceRecord record = state.FindDevice(OperationalDevice.Id)!;
            state.SaveDevice(record with { Address = "127.0.0.1:1" });
        }

        CliRun run = await Run("read", "--device", OperationalDevice.Id);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"mashctl: device {OperationalDevice.Id} at 127.0.0.1:1: ", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_sends_the_command_ID_with_text_keyed_parameters_and_prints_the_result_in_declared_order()
    {
        _device.Handler = (request, peer) => OperationalDevice.Respond(peer, request, StatusCode.Success, new CborMap()
            .Set("effectiveProductionLimit", CborValue.Null)
            .Set("effectiveConsumptionLimit", CborValue.FromInt64(1_000_000))
            .Set("success", CborValue.True));

        CliRun run = await Run(
            "invoke", "--device", OperationalDevice.Id, "--endpoint", "1", "--feature", "energyControl", "--command", "setLimit", "--param", "consumptionLimit=1000000", "cause=4");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["success = true", "effectiveConsumptionLimit = 1000000 mW (1000 W)", "effectiveProductionLimit = null"], Lines(run.Output));
        Request request = Assert.Single(_device.Requests);
        Assert.Equal((Operation.Invoke, (byte)1, (byte)5), (request.Operation, request.EndpointId, request.FeatureId));
        CborMap payload = request.Payload!.AsMap();
        Assert.True(payload.TryGetValue(1, out CborValue? id));
        Assert.Equal(1UL, id.AsUInt64());
        Assert.True(payload.TryGetValue(2, out CborValue? parameters));
        Assert.True(parameters.AsMap().TryGetValue("consumptionLimit", out CborValue? limit));
        Assert.Equal(1_000_000, limit.AsInt64());
    }

    [Fact]
    public async Task Limit_set_sends_milliwatts_then_reads_and_prints_the_effective_limit()
    {
        _device.Handler = (request, peer) => OperationalDevice.Respond(peer, request, StatusCode.Success, request.Operation == Operation.Invoke
            ? new CborMap().Set("success", CborValue.True)
            : new CborMap().Set(20, CborValue.FromInt64(2_000_000)).Set(21, CborValue.FromInt64(2_500_000)));

        CliRun run = await Run("limit", "set", "--device", OperationalDevice.Id, "--watts", "2500", "--duration", "600");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["effectiveConsumptionLimit = 2000000 mW (2000 W)", "myConsumptionLimit = 2500000 mW (2500 W)"], Lines(run.Output));
        Assert.Contains("--hold keeps it", run.Error, StringComparison.Ordinal);
        Request[] requests = _device.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        CborMap parameters = requests[0].Payload!.AsMap().TryGetValue(2, out CborValue? p) ? p.AsMap() : throw new InvalidOperationException();
        Assert.Equal(
            new CborMap().Set("consumptionLimit", CborValue.FromInt64(2_500_000)).Set("duration", CborValue.FromUInt64(600)).Set("cause", CborValue.FromUInt64(3)),
            parameters);
        Assert.Equal(Operation.Read, requests[1].Operation);
    }

    [Fact]
    public async Task Limit_clear_sends_clearLimit_without_parameters()
    {
        _device.Handler = (request, peer) => OperationalDevice.Respond(peer, request, StatusCode.Success, request.Operation == Operation.Invoke
            ? new CborMap().Set("success", CborValue.True)
            : new CborMap().Set(20, CborValue.Null).Set(21, CborValue.Null));

        CliRun run = await Run("limit", "clear", "--device", OperationalDevice.Id, "--json");

        Assert.Equal(0, run.ExitCode);
        using JsonDocument json = JsonDocument.Parse(run.Output);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("effectiveConsumptionLimit").ValueKind);
        CborMap payload = _device.Requests.First().Payload!.AsMap();
        Assert.True(payload.TryGetValue(1, out CborValue? id));
        Assert.Equal(2UL, id.AsUInt64());
        Assert.True(payload.TryGetValue(2, out CborValue? parameters));
        Assert.True(parameters.IsNull);
    }

    [Theory]
    [InlineData("--watts", "-1")]
    [InlineData("--duration", "90000")]
    [InlineData("--cause", "grid")]
    public async Task Limit_set_refuses_impossible_values_as_usage_errors(string option, string value)
    {
        string[] args = option == "--watts"
            ? ["limit", "set", "--device", OperationalDevice.Id, option, value]
            : ["limit", "set", "--device", OperationalDevice.Id, "--watts", "100", option, value];

        CliRun run = await Run(args);

        Assert.Equal(1, run.ExitCode);
        Assert.Empty(_device.Requests);
    }

    [Fact]
    public async Task Subscribe_prints_priming_then_each_report_with_a_timestamp_and_stops_after_count()
    {
        _device.Handler = async (request, peer) =>
        {
            if (request.Operation == Operation.Subscribe && request.FeatureId != 0)
            {
                await OperationalDevice.Respond(peer, request, StatusCode.Success, new CborMap()
                    .Set(1, CborValue.FromUInt64(7))
                    .Set(2, CborValue.FromMap(new CborMap().Set(20, CborValue.Null))));
                await peer.NotifyAsync(7, new CborMap().Set(20, CborValue.FromInt64(2_500_000)));
                await peer.NotifyAsync(7, new CborMap(0));
                return;
            }

            await OperationalDevice.Respond(peer, request, StatusCode.Success, new CborMap(0));
        };

        CliRun run = await Run(
            "subscribe", "--device", OperationalDevice.Id, "--feature", "energyControl", "--attribute", "effectiveConsumptionLimit", "--min", "0", "--max", "5", "--count", "2");

        Assert.Equal(0, run.ExitCode);
        string[] lines = Lines(run.Output);
        Assert.Equal(3, lines.Length);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z effectiveConsumptionLimit = null$", lines[0]);
        Assert.EndsWith("Z effectiveConsumptionLimit = 2500000 mW (2500 W)", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("Z heartbeat", lines[2], StringComparison.Ordinal);
        Request subscribe = _device.Requests.First();
        Assert.Equal(
            new CborMap().Set(1, CborValue.FromArray(CborValue.FromUInt64(20))).Set(2, CborValue.FromUInt64(0)).Set(3, CborValue.FromUInt64(5000)),
            subscribe.Payload!.AsMap());

        // The subscription is ended (and answered) before mashctl returns.
        Request unsubscribe = _device.Requests.ElementAt(1);
        Assert.Equal((Operation.Subscribe, (byte)0, (byte)0), (unsubscribe.Operation, unsubscribe.EndpointId, unsubscribe.FeatureId));
    }

    [Fact]
    public async Task Subscribe_with_json_prints_one_object_per_line()
    {
        _device.Handler = async (request, peer) =>
        {
            await OperationalDevice.Respond(peer, request, StatusCode.Success, new CborMap()
                .Set(1, CborValue.FromUInt64(3))
                .Set(2, CborValue.FromMap(new CborMap().Set(1, CborValue.FromInt64(6_000_000)))));
            if (request.FeatureId != 0)
            {
                await peer.NotifyAsync(3, new CborMap().Set(1, CborValue.FromInt64(2_000_000)));
            }
        };

        CliRun run = await Run("subscribe", "--device", OperationalDevice.Id, "--feature", "measurement", "--count", "1", "--json");

        Assert.Equal(0, run.ExitCode);
        string[] lines = Lines(run.Output);
        Assert.Equal(2, lines.Length);
        using JsonDocument priming = JsonDocument.Parse(lines[0]);
        using JsonDocument report = JsonDocument.Parse(lines[1]);
        Assert.Equal("priming", priming.RootElement.GetProperty("type").GetString());
        Assert.Equal(6_000_000, priming.RootElement.GetProperty("values").GetProperty("acActivePower").GetInt64());
        Assert.Equal("report", report.RootElement.GetProperty("type").GetString());
        Assert.Equal("measurement", report.RootElement.GetProperty("feature").GetString());
        Assert.Equal(2_000_000, report.RootElement.GetProperty("values").GetProperty("acActivePower").GetInt64());
    }

    [Theory]
    [InlineData("--min", "3601")]
    [InlineData("--max", "0.5")]
    [InlineData("--count", "0")]
    public async Task Subscribe_refuses_intervals_and_counts_the_device_would_refuse(string option, string value)
    {
        CliRun run = await Run("subscribe", "--device", OperationalDevice.Id, option, value);

        Assert.Equal(1, run.ExitCode);
        Assert.Empty(_device.Requests);
    }

    private static string[] Lines(string output) => output.TrimEnd('\n').Split('\n');

    private Task<CliRun> Run(params string[] args) => CliRun.RunAsync(["--state", _state.Folder, .. args]).WaitAsync(TestTlsServer.Guard);
}
