using System;
using System.Collections.Generic;
using CsCheck;
using Mash.Device.Boards;
using Mash.Device.Load;
using Mash.Device.Model;
using Mash.Device.Relays;
using Mash.Device.Runtime;
using Mash.Device.Storage;
using Mash.Device.Tests.Boards;
using Mash.Protocol.Zones;

namespace Mash.Device.Tests.Load;

/// <summary>
/// Random sequences of limits, clears and waiting against five connected zones of random types,
/// checked after every step against a model of the rules in docs/load-control.md.
/// </summary>
public class LimitResolutionPropertyTests
{
    private static readonly string[] ZoneIds =
        ["zone00000000000a", "zone00000000000b", "zone00000000000c", "zone00000000000d", "zone00000000000e"];

    // Round watts make equal limits (and so the priority rule) common; odd milliwatts test the rest.
    private static readonly Gen<long> LimitMw = Gen.Frequency(
        (3, Gen.Int[0, 14].Select(i => i * 500_000L)),
        (1, Gen.Long[0, 8_000_000]));

    private static readonly Gen<Step> Steps = Gen.Frequency<Step>(
        (4, Gen.Select(Gen.Int[0, 4], LimitMw, Gen.Frequency((2, Gen.Const(0)), (1, Gen.Int[1, 120])))
            .Select((zone, limit, seconds) => (Step)new Set(zone, limit, seconds))),
        (2, Gen.Int[0, 4].Select(zone => (Step)new Clear(zone))),
        (2, Gen.Int[1, 90].Select(seconds => (Step)new Wait(seconds))));

    private static readonly Gen<(ZoneType[] Types, Step[] Steps)> Scenarios =
        Gen.Select(Gen.Enum<ZoneType>().Array[ZoneIds.Length, ZoneIds.Length], Steps.Array[1, 40]);

    [Fact]
    public void The_effective_limit_is_the_lowest_active_one_and_ties_go_to_the_higher_priority_zone()
    {
        Scenarios.Sample(
            (types, steps) =>
            {
                var device = new Device(types);
                var model = new Model(types);
                foreach (Step step in steps)
                {
                    device.Apply(step);
                    model.Apply(step, device.Now);

                    Assert.Equal(model.EffectiveMw ?? LoadLimits.NoLimit, device.Load.EffectiveConsumptionLimitMw);
                    Assert.Equal(model.SourceZone is { } z ? ZoneIds[z] : null, device.Load.EffectiveLimitZoneId);
                    Assert.Equal(model.SourceZone is { } s ? types[s] : default(ZoneType), device.Load.EffectiveLimitZoneType);
                }
            },
            iter: 300);
    }

    [Fact]
    public void Clearing_one_zone_never_lifts_the_effective_limit_above_a_remaining_zone_limit()
    {
        Scenarios.Sample(
            (types, steps) =>
            {
                var device = new Device(types);
                foreach (Step step in steps)
                {
                    device.Apply(step);
                    if (step is not Clear)
                    {
                        continue;
                    }

                    for (int zone = 0; zone < ZoneIds.Length; zone++)
                    {
                        if (device.Load.GetConsumptionLimitMw(ZoneIds[zone]) is var remaining && remaining != LoadLimits.NoLimit)
                        {
                            Assert.True(
                                device.Load.EffectiveConsumptionLimitMw <= remaining,
                                $"after {step}: effective {device.Load.EffectiveConsumptionLimitMw} mW above zone {zone}'s {remaining} mW");
                        }
                    }
                }
            },
            iter: 300);
    }

    [Fact]
    public void The_relays_never_draw_more_than_the_effective_limit_not_even_while_switching()
    {
        Scenarios.Sample(
            (types, steps) =>
            {
                var device = new Device(types);
                foreach (Step step in steps)
                {
                    device.Apply(step);
                    Assert.True(device.Driver.Violations.Count == 0, string.Join("; ", device.Driver.Violations));
                    if (device.Load.EffectiveConsumptionLimitMw is var limit && limit != LoadLimits.NoLimit)
                    {
                        Assert.True(device.Driver.Watts * 1000 <= limit, $"after {step}: {device.Driver.Watts} W on under a {limit} mW limit");
                        Assert.True(device.Load.ActivePowerMw <= limit);
                    }
                }
            },
            iter: 300);
    }

    internal abstract record Step;

    internal sealed record Set(int Zone, long LimitMw, int DurationSeconds) : Step;

    internal sealed record Clear(int Zone) : Step;

    internal sealed record Wait(int Seconds) : Step;

    /// <summary>The rules written down independently of LoadControl's code.</summary>
    private sealed class Model
    {
        private readonly ZoneType[] _types;
        private readonly long?[] _limits = new long?[ZoneIds.Length];
        private readonly TimeSpan?[] _expires = new TimeSpan?[ZoneIds.Length];
        private readonly long[] _setOrder = new long[ZoneIds.Length];
        private long _sets;

        public Model(ZoneType[] types) => _types = types;

        public long? EffectiveMw { get; private set; }

        public int? SourceZone { get; private set; }

        public void Apply(Step step, TimeSpan now)
        {
            switch (step)
            {
                case Set set:
                    _limits[set.Zone] = set.LimitMw;
                    _expires[set.Zone] = set.DurationSeconds == 0 ? null : now + TimeSpan.FromSeconds(set.DurationSeconds);
                    _setOrder[set.Zone] = ++_sets;
                    break;
                case Clear clear:
                    _limits[clear.Zone] = null;
                    _expires[clear.Zone] = null;
                    break;
            }

            for (int zone = 0; zone < _limits.Length; zone++)
            {
                if (_expires[zone] <= now)
                {
                    _limits[zone] = null;
                    _expires[zone] = null;
                }
            }

            EffectiveMw = null;
            SourceZone = null;
            for (int zone = 0; zone < _limits.Length; zone++)
            {
                if (_limits[zone] is { } limit && (EffectiveMw is null || limit < EffectiveMw))
                {
                    EffectiveMw = limit;
                }
            }

            // Among the zones holding the effective limit: the highest priority (lowest type
            // number), and within one type the zone that set its limit last.
            for (int zone = 0; zone < _limits.Length; zone++)
            {
                if (_limits[zone] != EffectiveMw || EffectiveMw is null)
                {
                    continue;
                }

                if (SourceZone is not { } best
                    || _types[zone] < _types[best]
                    || (_types[zone] == _types[best] && _setOrder[zone] > _setOrder[best]))
                {
                    SourceZone = zone;
                }
            }
        }
    }

    private sealed class Device
    {
        private readonly ZoneType[] _types;
        private readonly VirtualClock _clock = new();
        private readonly Scheduler _scheduler;

        public Device(ZoneType[] types)
        {
            _types = types;
            var log = new CollectingLogSink();
            BoardDefinition board = TestBoards.WaterHeater(minSwitchIntervalSeconds: 10);
            _scheduler = new Scheduler(_clock, log);
            Driver = new WatchingRelayDriver(board);
            var relays = new RelayBank(board, Driver, log);
            Load = new LoadControl(_scheduler, relays, new InMemoryFlashStore(), log, ZoneIds);
            Driver.Load = Load;
            for (int zone = 0; zone < ZoneIds.Length; zone++)
            {
                Load.ZoneConnected(ZoneIds[zone], types[zone]);
            }

            // Let the stages reach their unlimited state before the first step.
            VirtualTime.RunFor(_scheduler, _clock, TimeSpan.FromSeconds(30));
        }

        public LoadControl Load { get; }

        public WatchingRelayDriver Driver { get; }

        public TimeSpan Now => _clock.Monotonic;

        public void Apply(Step step)
        {
            switch (step)
            {
                case Set set:
                    TimeSpan duration = set.DurationSeconds == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(set.DurationSeconds);
                    Assert.True(Load.SetLimit(ZoneIds[set.Zone], _types[set.Zone], true, set.LimitMw, duration, LimitCause.GridEmergency).IsSuccess);
                    break;
                case Clear clear:
                    Assert.True(Load.ClearLimit(ZoneIds[clear.Zone]).IsSuccess);
                    break;
                case Wait wait:
                    VirtualTime.RunFor(_scheduler, _clock, TimeSpan.FromSeconds(wait.Seconds));
                    break;
            }

            VirtualTime.RunUntilIdle(_scheduler);
        }
    }

    /// <summary>Physical relay outputs; records any moment a relay goes on above the effective limit.</summary>
    private sealed class WatchingRelayDriver : IRelayDriver
    {
        private readonly BoardDefinition _board;
        private readonly bool[] _on;

        public WatchingRelayDriver(BoardDefinition board)
        {
            _board = board;
            _on = new bool[board.Relays.Count];
        }

        public LoadControl? Load { get; set; }

        public List<string> Violations { get; } = [];

        public int Count => _on.Length;

        public long Watts
        {
            get
            {
                long sum = 0;
                for (int i = 0; i < _on.Length; i++)
                {
                    sum += _on[i] ? _board.Relays[i].Watts : 0;
                }

                return sum;
            }
        }

        public void Set(int index, bool on)
        {
            _on[index] = on;
            if (on && Load is not null && Load.EffectiveConsumptionLimitMw is var limit && limit != LoadLimits.NoLimit && Watts * 1000 > limit)
            {
                Violations.Add($"relay {index + 1} went on with {Watts} W on under a {limit} mW limit");
            }
        }
    }
}
