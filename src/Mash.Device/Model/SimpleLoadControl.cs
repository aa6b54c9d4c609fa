using System;
using Mash.Device.Load;
using Mash.Device.Transport;
using Mash.Protocol.Wire;
using Mash.Protocol.Zones;

namespace Mash.Device.Model;

/// <summary>
/// A stand-in for the load's control logic: one consumption limit per zone, the effective limit
/// is the lowest, no duration or failsafe timers, and the active power is whatever it is told.
/// Enough to serve and test the interaction model; the device runs <c>Mash.Device.Load.LoadControl</c>.
/// </summary>
public sealed class SimpleLoadControl : ILoadControl
{
    /// <summary>[63] failsafe-timing: 4 h unless configured otherwise.</summary>
    public static readonly TimeSpan DefaultFailsafeDuration = TimeSpan.FromHours(4);

    private readonly string?[] _zones = new string?[TransportLimits.MaxConnections];
    private readonly long[] _limits = new long[TransportLimits.MaxConnections];
    private bool _forced;
    private ControlState _forcedState;
    private long _activePowerMw;
    private long _failsafeLimitMw;
    private TimeSpan _failsafeDuration;

    public SimpleLoadControl()
        : this(0, DefaultFailsafeDuration)
    {
    }

    public SimpleLoadControl(long failsafeConsumptionLimitMw)
        : this(failsafeConsumptionLimitMw, DefaultFailsafeDuration)
    {
    }

    public SimpleLoadControl(long failsafeConsumptionLimitMw, TimeSpan failsafeDuration)
    {
        _failsafeLimitMw = failsafeConsumptionLimitMw;
        _failsafeDuration = failsafeDuration;
    }

    public event Action? Changed;

    /// <summary>FAILSAFE or another state when forced, otherwise LIMITED while a limit is set, else CONTROLLED.</summary>
    public ControlState ControlState => _forced ? _forcedState
        : EffectiveConsumptionLimitMw == PowerLimit.None ? ControlState.Controlled
        : ControlState.Limited;

    public OptOutState OptOutState => OptOutState.NoOptOut;

    public long ActivePowerMw => _activePowerMw;

    public long EffectiveConsumptionLimitMw
    {
        get
        {
            long lowest = PowerLimit.None;
            for (int i = 0; i < _zones.Length; i++)
            {
                if (_zones[i] is not null && (lowest == PowerLimit.None || _limits[i] < lowest))
                {
                    lowest = _limits[i];
                }
            }

            return lowest;
        }
    }

    public long FailsafeConsumptionLimitMw => _failsafeLimitMw;

    public TimeSpan FailsafeDuration => _failsafeDuration;

    /// <summary>What the last SetLimit carried, for tests; null before the first.</summary>
    public LimitRequest? LastSetLimit { get; private set; }

    public long GetConsumptionLimitMw(string zoneId)
    {
        int slot = Find(zoneId);
        return slot < 0 ? PowerLimit.None : _limits[slot];
    }

    public ControlResult SetLimit(string zoneId, ZoneType zoneType, bool hasConsumptionLimit, long consumptionLimitMw, TimeSpan duration, LimitCause cause)
    {
        ArgumentNullException.ThrowIfNull(zoneId);
        LastSetLimit = new LimitRequest(zoneId, zoneType, hasConsumptionLimit ? consumptionLimitMw : PowerLimit.None, duration, cause);
        if (!hasConsumptionLimit)
        {
            return ControlResult.Ok;
        }

        int slot = Find(zoneId);
        if (slot < 0)
        {
            slot = Find(null);
            if (slot < 0)
            {
                return ControlResult.Fail(StatusCode.ResourceExhausted, "no room for another zone's limit");
            }

            _zones[slot] = zoneId;
        }

        _limits[slot] = consumptionLimitMw;
        Changed?.Invoke();
        return ControlResult.Ok;
    }

    public ControlResult ClearLimit(string zoneId)
    {
        ArgumentNullException.ThrowIfNull(zoneId);
        int slot = Find(zoneId);
        if (slot >= 0)
        {
            _zones[slot] = null;
            Changed?.Invoke();
        }

        return ControlResult.Ok;
    }

    public FailsafeSetter? FailsafeConsumptionLimitSetBy { get; private set; }

    public FailsafeSetter? FailsafeDurationSetBy { get; private set; }

    public ControlResult SetFailsafeConsumptionLimit(long limitMw, string? requesterZoneId, ZoneType requesterZoneType)
    {
        ControlResult allowed = FailsafeSetter.MayOverwrite(FailsafeConsumptionLimitSetBy, requesterZoneId, requesterZoneType, "failsafeConsumptionLimit");
        if (!allowed.IsSuccess)
        {
            return allowed;
        }

        FailsafeConsumptionLimitSetBy = FailsafeSetter.Of(requesterZoneId, requesterZoneType);
        SetFailsafeConsumptionLimit(limitMw);
        return ControlResult.Ok;
    }

    public ControlResult SetFailsafeDuration(TimeSpan duration, string? requesterZoneId, ZoneType requesterZoneType)
    {
        ControlResult allowed = FailsafeSetter.MayOverwrite(FailsafeDurationSetBy, requesterZoneId, requesterZoneType, "failsafeDuration");
        if (!allowed.IsSuccess)
        {
            return allowed;
        }

        FailsafeDurationSetBy = FailsafeSetter.Of(requesterZoneId, requesterZoneType);
        SetFailsafeDuration(duration);
        return ControlResult.Ok;
    }

    /// <summary>Sets the value as a device default would be: no zone's claim on it.</summary>
    public void SetFailsafeConsumptionLimit(long limitMw)
    {
        _failsafeLimitMw = limitMw;
        Changed?.Invoke();
    }

    /// <summary>Sets the value as a device default would be: no zone's claim on it.</summary>
    public void SetFailsafeDuration(TimeSpan duration)
    {
        _failsafeDuration = duration;
        Changed?.Invoke();
    }

    /// <summary>What the relays draw now; tests use it to make Measurement change.</summary>
    public void SetActivePower(long milliwatts)
    {
        _activePowerMw = milliwatts;
        Changed?.Invoke();
    }

    /// <summary>Pins the control state (e.g. FAILSAFE) until <see cref="ReleaseControlState"/>.</summary>
    public void ForceControlState(ControlState state)
    {
        _forced = true;
        _forcedState = state;
        Changed?.Invoke();
    }

    /// <summary>Derives the control state from the limits again.</summary>
    public void ReleaseControlState()
    {
        _forced = false;
        Changed?.Invoke();
    }

    /// <summary>The slot of <paramref name="zoneId"/>, or a free slot for null; -1 when there is none.</summary>
    private int Find(string? zoneId)
    {
        for (int i = 0; i < _zones.Length; i++)
        {
            if (_zones[i] == zoneId)
            {
                return i;
            }
        }

        return -1;
    }
}
