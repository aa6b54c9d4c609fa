using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
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

/// <summary>Our controller commissions mash-load, reads, subscribes and invokes over the same session.</summary>
public sealed class InteractionEndToEndTests : IDisposable
{
    private const byte LoadEndpoint = 1;
    private const byte EnergyControl = 5;
    private readonly TempDirectory _dir = new();
    private readonly int _port = FreePort.Next();
    private readonly MashLoadProcess _device;

    public InteractionEndToEndTests()
    {
        _device = MashLoadProcess.Start(_dir.Path, "--port", _port.ToString(CultureInfo.InvariantCulture));
        _device.WaitForStderr(l => l.Contains("running", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _device.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Reads_globals_then_a_subscription_gets_priming_a_change_report_and_an_empty_heartbeat()
    {
        using ControllerState state = ControllerState.Open(System.IO.Path.Combine(_dir.Path, "controller"));
        OnboardingCode code = OnboardingCode.Parse(_device.WaitForStdout(l => l.StartsWith("MASH:", StringComparison.Ordinal)));
        await using CommissioningResult paired = await new Commissioner(state).CommissionAsync(code, "::1", _port, ZoneType.GridOperator, null, default);
        MashConnection session = paired.Connection;

        // Global attributes come from the same declaration as what is served.
        Response globals = await session.RequestAsync(Operation.Read, LoadEndpoint, EnergyControl, CborValue.FromArray(CborValue.FromUInt64(0xFFFB), CborValue.FromUInt64(0xFFFD)));
        Assert.Equal(StatusCode.Success, globals.Status);
        Assert.True(globals.Payload.TryGetValue(0xFFFB, out CborValue? attributeList));
        Assert.True(attributeList!.Count >= 10);

        var notifications = new BlockingCollection<(Notification Notification, long At)>();
        var clock = Stopwatch.StartNew();
        session.NotificationReceived += (_, n) => notifications.Add((n, clock.ElapsedMilliseconds));

        var subscribe = new CborMap();
        subscribe.Set(1, CborValue.FromArray(CborValue.FromUInt64(2), CborValue.FromUInt64(20)));
        subscribe.Set(2, CborValue.FromUInt64(0));
        subscribe.Set(3, CborValue.FromUInt64(2000));
        Response subscribed = await session.RequestAsync(Operation.Subscribe, LoadEndpoint, EnergyControl, CborValue.FromMap(subscribe));
        Assert.Equal(StatusCode.Success, subscribed.Status);
        Assert.True(subscribed.Payload.TryGetValue(2, out CborValue? priming));
        Assert.True(priming!.AsMap().TryGetValue(2, out _)); // controlState primed in the response

        var limit = new CborMap();
        limit.Set("consumptionLimit", CborValue.FromInt64(2_500_000));
        limit.Set("cause", CborValue.FromUInt64(0));
        var invoke = new CborMap();
        invoke.Set(1, CborValue.FromUInt64(1));
        invoke.Set(2, CborValue.FromMap(limit));
        long invokedAt = clock.ElapsedMilliseconds;
        Response set = await session.RequestAsync(Operation.Invoke, LoadEndpoint, EnergyControl, CborValue.FromMap(invoke));
        Assert.Equal(StatusCode.Success, set.Status);

        Assert.True(notifications.TryTake(out var change, TimeSpan.FromSeconds(5)), "no change report");
        Assert.True(change.Notification.Changes.TryGetValue(20, out CborValue? effective));
        Assert.Equal(2_500_000, effective!.AsInt64());

        Assert.True(notifications.TryTake(out var heartbeat, TimeSpan.FromSeconds(6)), "no heartbeat");
        Assert.Equal(0, heartbeat.Notification.Changes.Count);
        long silence = heartbeat.At - change.At;
        // Exact timing is tested on the virtual clock (SubscriptionTests); here the arrival of the
        // first report may lag on a loaded machine (the client's first dispatch), so the margin is wide.
        Assert.True(silence >= 1500, $"heartbeat came {silence} ms after the last report, well before maxInterval (2000 ms)");
        Assert.True(invokedAt <= change.At);
    }
}
