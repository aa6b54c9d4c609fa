using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Mash.Controller.Commissioning;
using Mash.Controller.State;
using Mash.Controller.Transport;
using Mash.Protocol.Onboarding;
using Mash.Protocol.Wire;
using Mash.Protocol.Zones;

namespace Mash.Soak;

/// <summary>
/// One commissioned zone: its controller state, its operational connection (the one commissioning
/// left open) and its subscriptions to Measurement and EnergyControl, with every reported value of
/// the effective consumption limit kept in order.
/// </summary>
internal sealed class ZoneClient : IAsyncDisposable
{
    public const byte RootEndpoint = 0;
    public const byte LoadEndpoint = 1;
    public const byte DeviceInfo = 1;
    public const byte Measurement = 4;
    public const byte EnergyControl = 5;
    public const ushort EffectiveConsumptionLimit = 20;
    private const byte OpenWindowCommand = 0x12;
    private const byte SetLimitCommand = 1;
    private const byte ClearLimitCommand = 2;

    private readonly object _gate = new();
    private readonly List<long?> _limits = [];
    private long _measurementReports;
    private long _heartbeats;

    private ZoneClient(string name, ControllerState state, CommissioningResult paired)
    {
        Name = name;
        State = state;
        Record = paired.Device;
        Connection = paired.Connection;
        Connection.NotificationReceived += (_, n) => OnNotification(n);
    }

    public string Name { get; }

    public ControllerState State { get; }

    public DeviceRecord Record { get; }

    public MashConnection Connection { get; }

    public long MeasurementReports => Interlocked.Read(ref _measurementReports);

    public long Heartbeats => Interlocked.Read(ref _heartbeats);

    /// <summary>Every effective-limit value reported to this zone (null: no limit), in arrival order.</summary>
    public IReadOnlyList<long?> ReportedLimits
    {
        get
        {
            lock (_gate)
            {
                return _limits.ToArray();
            }
        }
    }

    public static async Task<ZoneClient> PairAsync(string directory, string name, OnboardingCode code, int port, ZoneType type)
    {
        var state = ControllerState.Open(Path.Combine(directory, name));
        CommissioningResult paired = await new Commissioner(state).CommissionAsync(code, "::1", port, type, null, default);
        return new ZoneClient(name, state, paired);
    }

    /// <summary>Subscribes to all Measurement and EnergyControl attributes with minInterval 0 (the smallest the device accepts).</summary>
    public async Task SubscribeAsync()
    {
        var options = CborValue.FromMap(new CborMap().Set(2, CborValue.FromUInt64(0)));
        foreach (byte feature in new[] { Measurement, EnergyControl })
        {
            Response subscribed = await Connection.RequestAsync(Operation.Subscribe, LoadEndpoint, feature, options);
            if (subscribed.Status != StatusCode.Success)
            {
                throw new InvalidOperationException($"{Name}: subscribe to feature {feature} failed: {subscribed.Status}");
            }
        }
    }

    public Task<Response> SetLimitAsync(long milliwatts) =>
        Connection.RequestAsync(Operation.Invoke, LoadEndpoint, EnergyControl, Command(SetLimitCommand, new CborMap()
            .Set("consumptionLimit", CborValue.FromInt64(milliwatts))
            .Set("cause", CborValue.FromUInt64(0))));

    public Task<Response> ClearLimitAsync() =>
        Connection.RequestAsync(Operation.Invoke, LoadEndpoint, EnergyControl, Command(ClearLimitCommand, null));

    public Task<Response> OpenWindowAsync() =>
        Connection.RequestAsync(Operation.Invoke, RootEndpoint, DeviceInfo, Command(OpenWindowCommand, null));

    /// <summary>Waits until the last reported effective limit is <paramref name="milliwatts"/> (null: no limit).</summary>
    public bool WaitForLimit(long? milliwatts, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        lock (_gate)
        {
            while (_limits.Count == 0 || _limits[^1] != milliwatts)
            {
                TimeSpan left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    return false;
                }

                Monitor.Wait(_gate, left);
            }

            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        State.Dispose();
    }

    private static CborValue Command(byte id, CborMap? parameters) =>
        CborValue.FromMap(new CborMap()
            .Set(1, CborValue.FromUInt64(id))
            .Set(2, parameters is null ? CborValue.Null : CborValue.FromMap(parameters)));

    private void OnNotification(Notification notification)
    {
        if (notification.Changes.Count == 0)
        {
            Interlocked.Increment(ref _heartbeats);
            return;
        }

        if (notification.FeatureId == Measurement)
        {
            Interlocked.Increment(ref _measurementReports);
        }
        else if (notification.FeatureId == EnergyControl
            && notification.Changes.TryGetValue(EffectiveConsumptionLimit, out CborValue? limit))
        {
            lock (_gate)
            {
                _limits.Add(limit.TryGetInt64(out long value) ? value : null);
                Monitor.PulseAll(_gate);
            }
        }
    }
}
