using System;
using System.Text.Json;
using System.Threading.Tasks;
using Mash.Controller.State;
using Mash.Protocol.Zones;

namespace Mash.Tool.Tests;

public sealed class DevicesCommandTests : IDisposable
{
    private readonly TempState _state = new();

    public void Dispose() => _state.Dispose();

    [Fact]
    public async Task An_empty_state_prints_only_the_table_header()
    {
        CliRun run = await CliRun.RunAsync("--state", _state.Folder, "devices");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("DEVICE  ADDRESS  ZONE  ZONE TYPE  COMMISSIONED  LAST SEEN", run.Output.TrimEnd('\n'));
    }

    [Fact]
    public async Task An_empty_state_prints_an_empty_JSON_array()
    {
        CliRun run = await CliRun.RunAsync("devices", "--json", "--state", _state.Folder);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("[]", run.Output.Trim());
    }

    [Fact]
    public async Task Known_devices_are_listed_with_address_zone_type_and_times()
    {
        using (ControllerState state = ControllerState.Open(_state.Folder))
        {
            state.SaveDevice(new DeviceRecord
            {
                DeviceId = "0123456789abcdef",
                ZoneId = "9f4d4049ca6ca23c",
                Address = "[::1]:8443",
                ZoneType = ZoneType.HomeManager,
                CommissionedAt = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero),
                OperationalCertificate = [0x30],
            });
        }

        CliRun table = await CliRun.RunAsync("--state", _state.Folder, "devices");
        CliRun json = await CliRun.RunAsync("--state", _state.Folder, "devices", "--json");

        Assert.Equal(
            [
                "DEVICE            ADDRESS     ZONE              ZONE TYPE     COMMISSIONED       LAST SEEN",
                "0123456789abcdef  [::1]:8443  9f4d4049ca6ca23c  home-manager  2026-03-01 12:00Z  -",
            ],
            table.Output.TrimEnd('\n').Split('\n'));
        using JsonDocument document = JsonDocument.Parse(json.Output);
        JsonElement device = Assert.Single(document.RootElement.EnumerateArray());
        Assert.Equal("0123456789abcdef", device.GetProperty("deviceId").GetString());
        Assert.Equal("home-manager", device.GetProperty("zoneType").GetString());
        Assert.Equal(JsonValueKind.Null, device.GetProperty("lastSeen").ValueKind);
    }

    [Fact]
    public async Task A_damaged_state_is_a_state_error_with_one_line()
    {
        System.IO.Directory.CreateDirectory(_state.Folder);
        await System.IO.File.WriteAllTextAsync(System.IO.Path.Combine(_state.Folder, "devices.json"), "not json");

        CliRun run = await CliRun.RunAsync("--state", _state.Folder, "devices");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("devices.json", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
    }
}
