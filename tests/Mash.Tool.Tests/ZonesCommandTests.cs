using System;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Mash.Controller.State;
using Mash.Controller.Tests.Transport;
using Mash.Protocol.Wire;

namespace Mash.Tool.Tests;

/// <summary>
/// zones list / remove on the wire shape agreed with the device side (DeviceInfo on endpoint 0,
/// listZones 0x11, removeZone 0x10 {zoneId}); mash-load does not serve them yet, so they are
/// tried against the in-process device only.
/// </summary>
public sealed class ZonesCommandTests : IAsyncDisposable
{
    private const string OtherZone = "00112233aabbccdd";
    private readonly TempState _state = new();
    private readonly OperationalDevice _device;

    public ZonesCommandTests()
    {
        _device = OperationalDevice.Create(_state.Folder);
    }

    public async ValueTask DisposeAsync()
    {
        await _device.DisposeAsync();
        _state.Dispose();
    }

    [Fact]
    public async Task Zones_list_asks_DeviceInfo_for_listZones_and_marks_our_own_zone()
    {
        _device.Handler = (request, peer) => OperationalDevice.Respond(peer, request, StatusCode.Success, ZoneList());

        CliRun table = await Run("zones", "list", "--device", OperationalDevice.Id);
        CliRun json = await Run("zones", "list", "--device", OperationalDevice.Id, "--json");

        Assert.Equal(0, table.ExitCode);
        Assert.Equal(
            [
                "ZONE              TYPE           CONNECTED  COMMISSIONED",
                "00112233aabbccdd  grid-operator  no         2026-03-01 12:00Z",
                $"{_device.ZoneId}  home-manager   yes        2026-03-02 08:30Z  (this controller)",
            ],
            table.Output.TrimEnd('\n').Split('\n'));
        Request request = _device.Requests.First();
        Assert.Equal((Operation.Invoke, (byte)0, (byte)1), (request.Operation, request.EndpointId, request.FeatureId));
        Assert.Equal(new CborMap().Set(1, CborValue.FromUInt64(0x11)).Set(2, CborValue.Null), request.Payload!.AsMap());

        using JsonDocument document = JsonDocument.Parse(json.Output);
        JsonElement[] zones = document.RootElement.GetProperty("zones").EnumerateArray().ToArray();
        Assert.Equal("grid-operator", zones[0].GetProperty("zoneType").GetString());
        Assert.Equal(1, zones[0].GetProperty("priority").GetInt32());
        Assert.True(zones[1].GetProperty("self").GetBoolean());
    }

    [Fact]
    public async Task Removing_our_own_zone_sends_its_ID_and_forgets_the_device_here()
    {
        _device.Handler = (request, peer) => OperationalDevice.Respond(peer, request, StatusCode.Success, new CborMap().Set("success", CborValue.True));

        CliRun run = await Run("zones", "remove", "--device", OperationalDevice.Id);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"removed zone {_device.ZoneId} (this controller's)", run.Output, StringComparison.Ordinal);
        Assert.Equal(
            new CborMap().Set(1, CborValue.FromUInt64(0x10)).Set(2, CborValue.FromMap(new CborMap().Set("zoneId", CborValue.FromText(_device.ZoneId)))),
            _device.Requests.Single().Payload!.AsMap());
        using ControllerState state = ControllerState.Open(_state.Folder);
        Assert.Empty(state.Devices);
    }

    [Fact]
    public async Task Removing_another_zone_keeps_our_record()
    {
        _device.Handler = (request, peer) => OperationalDevice.Respond(peer, request, StatusCode.Success, new CborMap().Set("success", CborValue.True));

        CliRun run = await Run("zones", "remove", "--device", OperationalDevice.Id, "--zone", OtherZone.ToUpperInvariant(), "--json");

        Assert.Equal(0, run.ExitCode);
        using JsonDocument json = JsonDocument.Parse(run.Output);
        Assert.Equal(OtherZone, json.RootElement.GetProperty("zoneId").GetString());
        Assert.False(json.RootElement.GetProperty("self").GetBoolean());
        using ControllerState state = ControllerState.Open(_state.Folder);
        Assert.Single(state.Devices);
    }

    [Fact]
    public async Task A_lower_priority_zone_is_refused_with_NOT_AUTHORIZED_and_nothing_is_forgotten()
    {
        _device.Handler = (request, peer) => peer.WriteFrameAsync(MessageCodec.Encode(Response.Error(request.MessageId, StatusCode.NotAuthorized, "a higher-priority zone")));

        CliRun run = await Run("zones", "remove", "--device", OperationalDevice.Id, "--zone", OtherZone);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("mashctl: removeZone refused by the device: NOT_AUTHORIZED (a higher-priority zone)", Assert.Single(run.ErrorLines));
        using ControllerState state = ControllerState.Open(_state.Folder);
        Assert.Single(state.Devices);
    }

    [Fact]
    public async Task A_device_without_zone_management_is_reported_as_such()
    {
        _device.Handler = (request, peer) => peer.WriteFrameAsync(MessageCodec.Encode(Response.Error(request.MessageId, StatusCode.InvalidCommand, "deviceInfo has no command 17")));

        CliRun run = await Run("zones", "list", "--device", OperationalDevice.Id);

        Assert.Equal(2, run.ExitCode);
        Assert.EndsWith("INVALID_COMMAND (deviceInfo has no command 17); this device's firmware does not offer zone management over the network", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Zones_remove_needs_a_device()
    {
        CliRun run = await Run("zones", "remove");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--device", run.Error, StringComparison.Ordinal);
    }

    private static CborMap ZoneList(string? ownZone = null)
    {
        CborValue Zone(string id, ulong type, bool connected, long at, bool self) => CborValue.FromMap(new CborMap()
            .Set("zoneId", CborValue.FromText(id))
            .Set("zoneType", CborValue.FromUInt64(type))
            .Set("connected", CborValue.FromBoolean(connected))
            .Set("commissionedAt", CborValue.FromInt64(at))
            .Set("self", CborValue.FromBoolean(self)));

        return new CborMap().Set("zones", CborValue.FromArray(
            Zone(OtherZone, 1, false, new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(), false),
            Zone(ownZone ?? "9f4d4049ca6ca23c", 3, true, new DateTimeOffset(2026, 3, 2, 8, 30, 0, TimeSpan.Zero).ToUnixTimeSeconds(), true)));
    }

    private Task<CliRun> Run(params string[] args) => CliRun.RunAsync(["--state", _state.Folder, .. args]).WaitAsync(TestTlsServer.Guard);
}
