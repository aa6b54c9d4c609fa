using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading.Tasks;
using Mash.Controller.Commissioning;
using Mash.Controller.Operational;
using Mash.Controller.State;
using Mash.Controller.Transport;
using Mash.Device.Host.Tests;
using Mash.Device.Host.Tests.EndToEnd;
using Mash.Protocol.Commissioning;
using Mash.Protocol.Onboarding;
using Mash.Protocol.Wire;
using Mash.Protocol.Zones;

namespace Mash.Integration.Tests;

/// <summary>Several controllers, each its own Zone CA and zone type, on one mash-load process.</summary>
public sealed class ZonesEndToEndTests : IDisposable
{
    private const byte RootEndpoint = 0;
    private const byte DeviceInfo = 1;
    private readonly TempDirectory _dir = new();
    private readonly int _port = FreePort.Next();
    private readonly List<ControllerState> _states = [];
    private MashLoadProcess _device;
    private OnboardingCode? _code;

    public ZonesEndToEndTests()
    {
        _device = StartDevice();
    }

    public void Dispose()
    {
        _states.ForEach(s => s.Dispose());
        _device.Dispose();
        _dir.Dispose();
    }

    private MashLoadProcess StartDevice()
    {
        MashLoadProcess device = MashLoadProcess.Start(_dir.Path, "--port", _port.ToString(CultureInfo.InvariantCulture));
        _code ??= OnboardingCode.Parse(device.WaitForStdout(l => l.StartsWith("MASH:", StringComparison.Ordinal)));
        device.WaitForStderr(l => l.Contains("running", StringComparison.Ordinal));
        return device;
    }

    private async Task<(ControllerState State, MashConnection Session)> Pair(ZoneType type)
    {
        ControllerState state = ControllerState.Open(Path.Combine(_dir.Path, "controller-" + _states.Count));
        _states.Add(state);
        CommissioningResult result = await new Commissioner(state).CommissionAsync(_code!, "::1", _port, type, null, default);
        return (state, result.Connection);
    }

    private static CborValue Command(byte id, CborMap? parameters = null)
    {
        var invoke = new CborMap();
        invoke.Set(1, CborValue.FromUInt64(id));
        invoke.Set(2, parameters is null ? CborValue.Null : CborValue.FromMap(parameters));
        return CborValue.FromMap(invoke);
    }

    private static Task<Response> OpenWindow(MashConnection session) =>
        session.RequestAsync(Operation.Invoke, RootEndpoint, DeviceInfo, Command(0x12));

    private static Task<Response> Remove(MashConnection session, string zoneId) =>
        session.RequestAsync(Operation.Invoke, RootEndpoint, DeviceInfo, Command(0x10, new CborMap().Set("zoneId", CborValue.FromText(zoneId))));

    [Fact]
    public async Task Two_zones_operate_at_once_priority_rules_removal_and_reboot()
    {
        (ControllerState grid, MashConnection gridSession) = await Pair(ZoneType.GridOperator);
        Assert.Equal(StatusCode.Success, (await OpenWindow(gridSession)).Status);
        (ControllerState home, MashConnection homeSession) = await Pair(ZoneType.HomeManager);
        string gridZone = Assert.Single(grid.Devices).ZoneId;
        string homeZone = Assert.Single(home.Devices).ZoneId;

        // Both operate at once and see each other in the list.
        Response list = await homeSession.RequestAsync(Operation.Invoke, RootEndpoint, DeviceInfo, Command(0x11));
        Assert.Equal(StatusCode.Success, list.Status);
        Assert.True(list.Payload.TryGetValue("zones", out CborValue? zones));
        Assert.Equal(2, zones!.Count);
        Assert.Equal(StatusCode.Success, (await gridSession.RequestAsync(Operation.Read, 1, 4)).Status);

        // A lower-priority zone may not remove a higher one.
        Response refused = await Remove(homeSession, gridZone);
        Assert.Equal(StatusCode.NotAuthorized, refused.Status);

        // Survives a reboot: both zones restored.
        _device.Signal();
        _device.WaitForExit();
        _device.Dispose();
        _device = StartDevice();
        Assert.Equal("zones: 2 of 5", _device.WaitForStdout(l => l.StartsWith("zones: ", StringComparison.Ordinal)));
        await using MashConnection gridAgain = await OperationalClient.ConnectAsync(grid, grid.Devices[0]);
        await using MashConnection homeAgain = await OperationalClient.ConnectAsync(home, home.Devices[0]);

        // A TLS 1.3 client finishes its handshake before the device has checked its certificate,
        // so the home manager proves its session is live before it is removed.
        Assert.Equal(StatusCode.Success, (await homeAgain.RequestAsync(Operation.Read, 1, 4)).Status);

        // The grid operator removes the home manager: disconnected at once, refused afterwards.
        Assert.Equal(StatusCode.Success, (await Remove(gridAgain, homeZone)).Status);
        ConnectionClosedInfo closed = await homeAgain.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(ConnectionEndKind.ClosedByPeer, closed.Kind);
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using MashConnection again = await OperationalClient.ConnectAsync(home, home.Devices[0]);
            await again.RequestAsync(Operation.Read, 1, 4, timeout: TimeSpan.FromSeconds(5));
        });

        // Self-removal works too, and then the device is uncommissioned and open again.
        Assert.Equal(StatusCode.Success, (await Remove(gridAgain, gridZone)).Status);
        _device.WaitForStderr(l => l.Contains("0 of 5 zones in use", StringComparison.Ordinal));
        await gridSession.DisposeAsync();
        await homeSession.DisposeAsync();
    }

    [Fact]
    public async Task A_sixth_zone_is_refused_with_a_clear_error_naming_the_limit()
    {
        var sessions = new List<MashConnection>();
        var zoneIds = new List<string>();
        for (int i = 0; i < 5; i++)
        {
            (ControllerState state, MashConnection session) = await Pair(ZoneType.UserApp);
            sessions.Add(session);
            zoneIds.Add(Assert.Single(state.Devices).ZoneId);
            Assert.Equal(StatusCode.Success, (await OpenWindow(session)).Status);
        }

        // Equal priority is no priority: one user app cannot remove another.
        Assert.Equal(StatusCode.NotAuthorized, (await Remove(sessions[0], zoneIds[1])).Status);

        CommissioningException full = await Assert.ThrowsAsync<CommissioningException>(() => Pair(ZoneType.UserApp));
        Assert.Equal(CommissioningErrorCode.ZoneFull, full.ErrorCode);
        Assert.Contains("at most 5 zones", full.DeviceText, StringComparison.Ordinal);
        foreach (MashConnection s in sessions)
        {
            await s.DisposeAsync();
        }
    }
}
