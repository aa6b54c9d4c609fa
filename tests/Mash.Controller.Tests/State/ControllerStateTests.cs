using System;
using System.IO;
using System.Linq;
using Mash.Controller.State;
using Mash.Protocol.Zones;

namespace Mash.Controller.Tests.State;

public sealed class ControllerStateTests : IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_state_that_was_never_used_is_empty_and_creates_nothing_when_only_read()
    {
        using ControllerState state = ControllerState.Open(_folder.StatePath);

        Assert.Null(state.Zone);
        Assert.Null(state.ZoneType);
        Assert.Empty(state.Devices);
        Assert.False(Directory.Exists(_folder.StatePath));
    }

    [Fact]
    public void The_first_zone_creates_a_private_folder_with_private_key_files()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix permissions only
        }

        using ControllerState state = ControllerState.Open(_folder.StatePath);

        state.EnsureZone(ZoneType.HomeManager, Now);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_folder.StatePath));
        foreach (string name in new[] { "zone-ca.key", "zone-ca.pem", "controller.key", "controller.pem" })
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_folder.StatePath, name)));
        }

        Assert.Empty(Directory.GetFiles(_folder.StatePath, "*.tmp"));
    }

    [Fact]
    public void A_reopened_state_has_the_same_zone_CA_zone_type_controller_certificate_and_devices()
    {
        byte[] ca;
        byte[] controller;
        DeviceRecord record = Record("0123456789abcdef");
        using (ControllerState state = ControllerState.Open(_folder.StatePath))
        {
            ca = state.EnsureZone(ZoneType.GridOperator, Now).Certificate.RawData;
            controller = state.ControllerCertificate!.RawData;
            state.SaveDevice(record);
        }

        using ControllerState reloaded = ControllerState.Open(_folder.StatePath);
        Assert.Equal(ca, reloaded.Zone!.Certificate.RawData);
        Assert.Equal(ZoneType.GridOperator, reloaded.ZoneType);
        Assert.Equal(controller, reloaded.ControllerCertificate!.RawData);
        Assert.True(reloaded.ControllerCertificate.HasPrivateKey);
        DeviceRecord saved = Assert.Single(reloaded.Devices);
        Assert.Equal(record with { OperationalCertificate = saved.OperationalCertificate }, saved);
        Assert.Equal(record.OperationalCertificate, saved.OperationalCertificate);

        // Opening again for the same zone type keeps the CA.
        Assert.Equal(ca, reloaded.EnsureZone(ZoneType.GridOperator, Now).Certificate.RawData);
        Assert.Equal(controller, reloaded.ControllerCertificate.RawData);
    }

    [Fact]
    public void Asking_for_another_zone_type_is_refused_and_names_the_way_out()
    {
        using ControllerState state = ControllerState.Open(_folder.StatePath);
        state.EnsureZone(ZoneType.HomeManager, Now);

        var error = Assert.Throws<ControllerStateException>(() => state.EnsureZone(ZoneType.UserApp, Now));

        Assert.Contains("home-manager", error.Message, StringComparison.Ordinal);
        Assert.Contains("another --state folder", error.Message, StringComparison.Ordinal);
        Assert.Equal(ZoneType.HomeManager, state.ZoneType);
    }

    [Fact]
    public void Saving_a_known_device_replaces_its_record()
    {
        using ControllerState state = ControllerState.Open(_folder.StatePath);
        state.SaveDevice(Record("0123456789abcdef"));
        state.SaveDevice(Record("fedcba9876543210"));

        state.SaveDevice(Record("0123456789abcdef") with { Address = "192.0.2.7:8443" });

        using ControllerState reloaded = ControllerState.Open(_folder.StatePath);
        Assert.Equal(["0123456789abcdef", "fedcba9876543210"], reloaded.Devices.Select(d => d.DeviceId));
        Assert.Equal("192.0.2.7:8443", reloaded.FindDevice("0123456789abcdef")!.Address);
        Assert.True(reloaded.RemoveDevice("fedcba9876543210"));
        Assert.Null(ControllerState.Open(_folder.StatePath).FindDevice("fedcba9876543210"));
    }

    [Fact]
    public void The_controller_certificate_is_renewed_when_less_than_30_days_remain()
    {
        using ControllerState state = ControllerState.Open(_folder.StatePath);
        state.EnsureZone(ZoneType.HomeManager, Now);
        byte[] first = state.ControllerCertificate!.RawData;

        state.EnsureZone(ZoneType.HomeManager, Now.AddDays(300));
        Assert.Equal(first, state.ControllerCertificate!.RawData);

        state.EnsureZone(ZoneType.HomeManager, Now.AddDays(340));
        Assert.NotEqual(first, state.ControllerCertificate!.RawData);
        Assert.True(state.ControllerCertificate.NotAfter.ToUniversalTime() > Now.AddDays(700));
    }

    [Fact]
    public void A_damaged_device_list_is_reported_with_its_path()
    {
        Directory.CreateDirectory(_folder.StatePath);
        string devices = Path.Combine(_folder.StatePath, "devices.json");
        File.WriteAllText(devices, "{ \"version\": 1, \"devices\": [ { \"deviceId\": ");

        var error = Assert.Throws<ControllerStateException>(() => ControllerState.Open(_folder.StatePath));

        Assert.Contains(devices, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zone_CA_key_without_its_certificate_is_reported_instead_of_silently_starting_a_new_zone()
    {
        using (ControllerState state = ControllerState.Open(_folder.StatePath))
        {
            state.EnsureZone(ZoneType.HomeManager, Now);
        }

        File.Delete(Path.Combine(_folder.StatePath, "zone-ca.pem"));

        var error = Assert.Throws<ControllerStateException>(() => ControllerState.Open(_folder.StatePath));
        Assert.Contains("incomplete", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Devices_json_spells_zone_types_as_the_command_line_does()
    {
        using ControllerState state = ControllerState.Open(_folder.StatePath);
        state.SaveDevice(Record("0123456789abcdef"));

        string json = File.ReadAllText(Path.Combine(_folder.StatePath, "devices.json"));

        Assert.Contains("\"zoneType\": \"building-manager\"", json, StringComparison.Ordinal);
        Assert.Contains("\"deviceId\": \"0123456789abcdef\"", json, StringComparison.Ordinal);
    }

    private static DeviceRecord Record(string deviceId) => new()
    {
        DeviceId = deviceId,
        ZoneId = "9f4d4049ca6ca23c",
        Address = "[::1]:8443",
        ZoneType = ZoneType.BuildingManager,
        CommissionedAt = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero),
        LastSeen = new DateTimeOffset(2026, 3, 2, 8, 30, 0, TimeSpan.Zero),
        OperationalCertificate = [0x30, 0x82, 0x01, 0x02],
    };
}
