using System;
using Mash.Device.Diagnostics;
using Mash.Device.Relays;
using Mash.Device.Runtime;
using Mash.Device.Storage;
using Mash.Protocol.Portable;
using Mash.Protocol.Wire;
using Mash.Protocol.Zones;

namespace Mash.Device.Load;

/// <summary>
/// The load's control logic: per-zone consumption limits with duration timers, the effective
/// limit (most restrictive wins), controlState, the failsafe timer and limit, the local override,
/// and the relay stages that follow all of it (through <see cref="StageController"/>). The host
/// tells it about zone connections (<see cref="ZoneConnected"/>, <see cref="ZoneDisconnected"/>,
/// <see cref="ZoneRemoved"/>); EnergyControl, Measurement and Status read and command it through
/// <see cref="ILoadControl"/>. It sits below the interaction layer: it knows no feature, request or
/// connection type. Decisions and their reasons are in docs/load-control.md.
/// Scheduler thread only.
/// </summary>
public sealed class LoadControl : ILoadControl, ITestTimerControl
{
    public const int MaxZones = LoadLimits.MaxZones;

    /// <summary>PICS MASH.S.DURATION.MAX.</summary>
    public static readonly TimeSpan MaxLimitDuration = TimeSpan.FromSeconds(LoadLimits.DurationMaxSeconds);

    private static readonly TimeSpan MinFailsafeDuration = TimeSpan.FromSeconds(LoadLimits.FailsafeDurationMinSeconds);
    private static readonly TimeSpan MaxFailsafeDuration = TimeSpan.FromSeconds(LoadLimits.FailsafeDurationMaxSeconds);
    private static readonly char[] Zero = new char[] { '0' };

    private readonly Scheduler _scheduler;
    private readonly IFlashStore _flash;
    private readonly Logger _log;
    private readonly RepeatedLogLine _failsafeSettingLine;
    private readonly StageController _stages;
    private readonly int _damagedZoneRecords;
    // One slot per stored zone, plus one per possible connection for temporary zones (PASE-only
    // sessions), so temporary zones can never take a stored zone's slot.
    private readonly ZoneLimitSlot[] _slots = new ZoneLimitSlot[MaxZones + LoadLimits.MaxConnections];

    // What a controller wrote (persisted); FailsafeRecord.NotWritten = the device default from the settings.
    private long _writtenFailsafeLimitMw = FailsafeRecord.NotWritten;
    private long _writtenFailsafeDurationSeconds = FailsafeRecord.NotWritten;

    // Which zone wrote each (persisted): a lower-priority zone may not overwrite it.
    private FailsafeSetter? _failsafeLimitSetBy;
    private FailsafeSetter? _failsafeDurationSetBy;
    private long _failsafeLimitMw;
    private TimeSpan _failsafeDuration;

    private FailsafePhase _phase;
    // Wall-clock start of the failsafe timer, in ticks of the clock's UtcNow (persisted as Unix ms).
    private long _timerStartedUtcTicks;
    private TimeSpan _timerStartedMonotonic;
    private TimeSpan _timerRun;
    private TimerHandle? _failsafeTimer;
    private bool _hasTestFailsafeDuration;
    private TimeSpan _testFailsafeDuration;

    private bool _override;
    private string? _overrideReason;
    private long _sequence;
    private bool _resolving;
    private ControlState _state = ControlState.Autonomous;
    private long _effective = LoadLimits.NoLimit;
    private ZoneLimitSlot? _source;

    /// <summary>
    /// Takes over the relays (already in their power-on state), restores the failsafe settings
    /// and timer from flash and starts: with <paramref name="storedZoneIds"/> commissioned and
    /// nobody connected yet, the failsafe timer runs (resumed where a reboot interrupted it), or
    /// the device comes back in FAILSAFE if it was there. <paramref name="damagedZoneRecords"/>
    /// counts zone records flash could not read: those zones still count as commissioned, so
    /// storage damage never drops a running failsafe timer or an active failsafe limit.
    /// </summary>
    public LoadControl(
        Scheduler scheduler,
        RelayBank relays,
        IFlashStore flash,
        ILogSink log,
        string[] storedZoneIds,
        LoadControlSettings? settings = null,
        int damagedZoneRecords = 0)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentNullException.ThrowIfNull(relays);
        ArgumentNullException.ThrowIfNull(flash);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(storedZoneIds);
        settings ??= new LoadControlSettings();
        _scheduler = scheduler;
        _flash = flash;
        _log = new Logger(log, "load");
        _damagedZoneRecords = damagedZoneRecords;
        _failsafeSettingLine = new RepeatedLogLine(_log, LogLevel.Info, scheduler);
        for (int i = 0; i < _slots.Length; i++)
        {
            _slots[i] = new ZoneLimitSlot();
        }

        _stages = new StageController(scheduler, relays, flash, log) { Changed = OnStagesChanged };

        FailsafeRecord? record = FailsafeRecord.Read(flash, out string? problem);
        if (problem is not null)
        {
            _log.Error(problem + "; failsafe settings are back to the device defaults");
        }

        if (record is not null)
        {
            _writtenFailsafeLimitMw = record.ConsumptionLimitMw;
            _writtenFailsafeDurationSeconds = record.DurationSeconds;
        }

        _failsafeLimitMw = _writtenFailsafeLimitMw != FailsafeRecord.NotWritten ? _writtenFailsafeLimitMw : settings.FailsafeConsumptionLimitMw;
        _failsafeDuration = _writtenFailsafeDurationSeconds != FailsafeRecord.NotWritten
            ? TimeSpan.FromSeconds(_writtenFailsafeDurationSeconds)
            : settings.FailsafeDuration;
        _failsafeLimitSetBy = StillCommissioned(record?.ConsumptionLimitSetBy, storedZoneIds);
        _failsafeDurationSetBy = StillCommissioned(record?.DurationSetBy, storedZoneIds);

        for (int i = 0; i < storedZoneIds.Length; i++)
        {
            if (Allocate(storedZoneIds[i]) is null)
            {
                _log.Error("more than " + MaxZones.ToString() + " stored zones; zone " + storedZoneIds[i] + " is not tracked");
            }
        }

        Boot(record);
        Resolve();
    }

    public event Action? Changed;

    public ControlState ControlState => _state;

    public OptOutState OptOutState => OptOutState.NoOptOut;

    public long ActivePowerMw => _stages.ActiveWatts * 1000;

    public long EffectiveConsumptionLimitMw => _effective;

    /// <summary>The zone the effective limit comes from; null when there is none or it is the failsafe limit.</summary>
    public string? EffectiveLimitZoneId => _source?.ZoneId;

    /// <summary>The type (priority) of <see cref="EffectiveLimitZoneId"/>; 0 (no zone type) when that is null.</summary>
    public ZoneType EffectiveLimitZoneType => _source is null ? default : _source.Type;

    public long FailsafeConsumptionLimitMw => _failsafeLimitMw;

    /// <summary>The configured time without any controller before the failsafe limit applies (attribute 72).</summary>
    public TimeSpan FailsafeDuration => _failsafeDuration;

    public FailsafeSetter? FailsafeConsumptionLimitSetBy => _failsafeLimitSetBy;

    public FailsafeSetter? FailsafeDurationSetBy => _failsafeDurationSetBy;

    public FailsafePhase FailsafePhase => _phase;

    /// <summary>When the running failsafe timer fires, on the monotonic clock; <see cref="TimeSpan.MaxValue"/> (never) when it is not running.</summary>
    public TimeSpan FailsafeDeadline => _phase == FailsafePhase.TimerRunning ? _timerStartedMonotonic + _timerRun : TimeSpan.MaxValue;

    public bool IsLocalOverride => _override;

    /// <summary>True while a stage waits for its relay's minimum switch interval before going on.</summary>
    public bool HasPendingSwitchOn => _stages.HasPendingSwitchOn;

    public long GetConsumptionLimitMw(string zoneId)
    {
        ArgumentNullException.ThrowIfNull(zoneId);
        ZoneLimitSlot? slot = Find(zoneId);
        return slot is null ? LoadLimits.NoLimit : slot.LimitMw;
    }

    /// <summary>
    /// An operational connection of <paramref name="zoneId"/> is up (call once per connection). A
    /// running failsafe timer stops: reconnection wins.
    /// </summary>
    public void ZoneConnected(string zoneId, ZoneType type)
    {
        ArgumentNullException.ThrowIfNull(zoneId);
        ZoneLimitSlot? slot = Find(zoneId) ?? Allocate(zoneId);
        if (slot is null)
        {
            _log.Error("zone " + zoneId + " connected but all " + MaxZones.ToString() + " zone slots are in use; its limits are refused");
            return;
        }

        slot.Type = type;
        slot.Connections++;
        if (slot.Connections > 1)
        {
            return;
        }

        _log.Info("zone " + Describe(slot) + " connected");
        if (_phase == FailsafePhase.TimerRunning)
        {
            _failsafeTimer?.Cancel();
            _log.Info("failsafe timer cancelled after " + Seconds(_scheduler.Clock.Monotonic - _timerStartedMonotonic)
                + ": zone " + slot.ZoneId + " reconnected");
            SetPhase(FailsafePhase.Idle);
        }
        else if (_phase == FailsafePhase.Active)
        {
            _log.Info("the failsafe limit holds until a controller sets or clears a limit");
        }

        Resolve();
    }

    /// <summary>
    /// A PASE-only session (mash-load --pase-only-sessions) acts as temporary USER_APP zone
    /// <paramref name="zoneId"/>: its limits count like any zone's while it is connected, but it
    /// neither stops nor starts nor ends the failsafe (that belongs to the stored zones), and its
    /// slot is freed when its connection ends, so nothing of it remains.
    /// </summary>
    public void TemporaryZoneConnected(string zoneId)
    {
        ArgumentNullException.ThrowIfNull(zoneId);
        ZoneLimitSlot? slot = Find(zoneId) ?? Allocate(zoneId);
        if (slot is null)
        {
            _log.Error("temporary zone " + zoneId + " connected but all zone slots are in use; its limits are refused");
            return;
        }

        slot.Temporary = true;
        slot.Type = ZoneType.UserApp;
        slot.Connections++;
        _log.Info("temporary zone " + Describe(slot) + " connected (PASE-only session, stored nowhere)");
        Resolve();
    }

    /// <summary>
    /// An operational connection of <paramref name="zoneId"/> closed (any reason). When the zone
    /// has no connection left its limit and duration timer are dropped; when no zone is connected
    /// any more the failsafe timer starts.
    /// </summary>
    public void ZoneDisconnected(string zoneId)
    {
        ArgumentNullException.ThrowIfNull(zoneId);
        ZoneLimitSlot? slot = Find(zoneId);
        if (slot is null || !slot.IsConnected)
        {
            _log.Debug("zone " + zoneId + " disconnected but was not connected");
            return;
        }

        slot.Connections--;
        if (slot.IsConnected)
        {
            return;
        }

        string dropped = slot.HasLimit ? "; its limit " + Watts(slot.LimitMw) + " is dropped" : string.Empty;
        slot.ClearLimit();
        if (slot.Temporary)
        {
            _log.Info("temporary zone " + Describe(slot) + " disconnected" + dropped + "; nothing of it is kept");
            slot.Free();
            Resolve();
            return;
        }

        _log.Info("zone " + Describe(slot) + " disconnected" + dropped);
        if (!AnyConnected() && _phase == FailsafePhase.Idle)
        {
            StartFailsafeTimer("zone " + slot.ZoneId + " was the last connected controller");
        }

        Resolve();
    }

    /// <summary>The zone was decommissioned: its limit and timer go, and it no longer counts as a controller that may come back.</summary>
    public void ZoneRemoved(string zoneId)
    {
        ArgumentNullException.ThrowIfNull(zoneId);
        ReleaseFailsafeClaims(zoneId);
        ZoneLimitSlot? slot = Find(zoneId);
        if (slot is null)
        {
            return;
        }

        bool wasConnected = slot.IsConnected;
        string description = Describe(slot);
        slot.Free();
        _log.Info("zone " + description + " removed");
        if (!AnyKnown())
        {
            if (_phase != FailsafePhase.Idle)
            {
                _failsafeTimer?.Cancel();
                _log.Info("no zone is commissioned any more: failsafe ends, nobody could end it");
                SetPhase(FailsafePhase.Idle);
            }
        }
        else if (wasConnected && !AnyConnected() && _phase == FailsafePhase.Idle)
        {
            StartFailsafeTimer("zone " + zoneId + " was the last connected controller");
        }

        Resolve();
    }

    public ControlResult SetLimit(string zoneId, ZoneType zoneType, bool hasConsumptionLimit, long consumptionLimitMw, TimeSpan duration, LimitCause cause)
    {
        ArgumentNullException.ThrowIfNull(zoneId);
        ZoneLimitSlot? slot = Find(zoneId);
        if (slot is null || !slot.IsConnected)
        {
            return ControlResult.Fail(StatusCode.NotAuthorized, "zone " + zoneId + " has no open connection to the load control");
        }

        if (hasConsumptionLimit && consumptionLimitMw < 0)
        {
            return ControlResult.Fail(StatusCode.InvalidParameter, "consumptionLimit must be >= 0");
        }

        if (duration < TimeSpan.Zero || duration > MaxLimitDuration)
        {
            return ControlResult.Fail(StatusCode.InvalidParameter, "duration must be 0.." + LoadLimits.DurationMaxSeconds.ToString() + " s");
        }

        slot.Type = zoneType;
        if (hasConsumptionLimit)
        {
            long limit = consumptionLimitMw;
            bool timed = duration != TimeSpan.Zero;
            slot.LimitMw = limit;
            slot.SetSequence = ++_sequence;
            slot.Duration = duration;
            if (timed)
            {
                TimeSpan d = duration;
                slot.HasExpiry = true;
                slot.ExpiresAt = _scheduler.Clock.Monotonic + d;
                if (slot.Timer is null)
                {
                    ZoneLimitSlot captured = slot;
                    slot.Timer = _scheduler.After(d, () => OnLimitExpired(captured));
                }
                else
                {
                    slot.Timer.Restart(d);
                }
            }
            else
            {
                slot.HasExpiry = false;
                slot.ExpiresAt = TimeSpan.Zero;
                slot.Timer?.Cancel();
            }

            // Per request, so debug: what the limit does shows at info in the relay lines.
            if (_log.IsEnabled(LogLevel.Debug))
            {
                _log.Debug("zone " + Describe(slot) + " set limit " + Watts(limit)
                    + (timed ? " for " + Seconds(duration) : " until cleared") + " (cause " + LoadNames.Of(cause) + ")");
            }
        }
        else if (_log.IsEnabled(LogLevel.Debug))
        {
            _log.Debug("zone " + Describe(slot) + " set only a production limit; a consuming load has nothing to apply");
        }

        if (!slot.Temporary)
        {
            LeaveFailsafe("zone " + slot.ZoneId + " set a limit");
        }

        Resolve();
        return ControlResult.Ok;
    }

    public ControlResult ClearLimit(string zoneId)
    {
        ArgumentNullException.ThrowIfNull(zoneId);
        ZoneLimitSlot? slot = Find(zoneId);
        if (slot is null || !slot.IsConnected)
        {
            return ControlResult.Fail(StatusCode.NotAuthorized, "zone " + zoneId + " has no open connection to the load control");
        }

        if (slot.HasLimit && _log.IsEnabled(LogLevel.Debug))
        {
            _log.Debug("zone " + Describe(slot) + " cleared its limit " + Watts(slot.LimitMw));
        }

        slot.ClearLimit();
        if (!slot.Temporary)
        {
            LeaveFailsafe("zone " + slot.ZoneId + " cleared its limit");
        }

        Resolve();
        return ControlResult.Ok;
    }

    /// <summary>
    /// A zone writes the failsafe limit: refused when a higher-priority zone set the value in
    /// force (failsafe-timing.md 5.3, docs/load-control.md "Failsafe settings and zone priority").
    /// </summary>
    public ControlResult SetFailsafeConsumptionLimit(long limitMw, string? requesterZoneId, ZoneType requesterZoneType)
    {
        ControlResult allowed = FailsafeSetter.MayOverwrite(_failsafeLimitSetBy, requesterZoneId, requesterZoneType, "failsafeConsumptionLimit");
        return allowed.IsSuccess ? ApplyFailsafeLimit(limitMw, FailsafeSetter.Of(requesterZoneId, requesterZoneType)) : allowed;
    }

    /// <summary>A zone writes the failsafe duration, under the same priority rule as the limit.</summary>
    public ControlResult SetFailsafeDuration(TimeSpan duration, string? requesterZoneId, ZoneType requesterZoneType)
    {
        ControlResult allowed = FailsafeSetter.MayOverwrite(_failsafeDurationSetBy, requesterZoneId, requesterZoneType, "failsafeDuration");
        return allowed.IsSuccess ? ApplyFailsafeDuration(duration, FailsafeSetter.Of(requesterZoneId, requesterZoneType)) : allowed;
    }

    /// <summary>Local configuration (no zone): sets the limit and leaves no zone's claim on it.</summary>
    public ControlResult SetFailsafeConsumptionLimit(long limitMw) => ApplyFailsafeLimit(limitMw, null);

    /// <summary>Local configuration (no zone); takes effect the next time the failsafe timer starts.</summary>
    public ControlResult SetFailsafeDuration(TimeSpan duration) => ApplyFailsafeDuration(duration, null);

    /// <summary>
    /// Forces the load off (e.g. from a local button) or releases it. Off is below every limit, so
    /// an override never takes the load above what a controller or the failsafe allows; limits keep
    /// being accepted and apply again when the override ends. Not persisted: a reboot releases it.
    /// </summary>
    public void SetLocalOverride(bool active, string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        if (active == _override)
        {
            return;
        }

        _override = active;
        _overrideReason = active ? reason : null;
        if (active)
        {
            _log.Warn("local override (" + reason + "): load forced off");
        }
        else
        {
            _log.Info("local override released (" + reason + ")");
        }

        Resolve();
    }

    public ControlResult ShortenFailsafe(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
        {
            return ControlResult.Fail(StatusCode.InvalidParameter, "a failsafe duration must be positive");
        }

        _hasTestFailsafeDuration = true;
        _testFailsafeDuration = duration;
        _log.Warn("TEST: failsafe duration shortened to " + Seconds(duration));
        if (_phase == FailsafePhase.TimerRunning)
        {
            RearmFailsafe(duration);
        }

        return ControlResult.Ok;
    }

    public ControlResult ShortenDurations(TimeSpan remaining)
    {
        if (remaining < TimeSpan.Zero)
        {
            return ControlResult.Fail(StatusCode.InvalidParameter, "remaining time cannot be negative");
        }

        TimeSpan now = _scheduler.Clock.Monotonic;
        foreach (ZoneLimitSlot slot in _slots)
        {
            if (slot.Timer is { IsActive: true } timer && timer.Deadline - now > remaining)
            {
                timer.Restart(remaining);
            }
        }

        _log.Warn("TEST: running limit durations end within " + Seconds(remaining));
        return ControlResult.Ok;
    }

    public ControlResult RestoreTimers()
    {
        _hasTestFailsafeDuration = false;
        _testFailsafeDuration = TimeSpan.Zero;
        if (_phase == FailsafePhase.TimerRunning)
        {
            RearmFailsafe(_failsafeDuration);
        }

        TimeSpan now = _scheduler.Clock.Monotonic;
        foreach (ZoneLimitSlot slot in _slots)
        {
            if (slot.Timer is { IsActive: true } timer && slot.HasExpiry)
            {
                TimeSpan expires = slot.ExpiresAt;
                timer.Restart(expires > now ? expires - now : TimeSpan.Zero);
            }
        }

        _log.Warn("TEST: timers back to their configured durations");
        return ControlResult.Ok;
    }

    private static string Watts(long milliwatts)
    {
        long whole = milliwatts / 1000;
        long rest = Maths.Abs(milliwatts % 1000);
        return rest == 0 ? whole.ToString() + " W" : whole.ToString() + "." + rest.ToString("D3").TrimEnd(Zero) + " W";
    }

    private static string Seconds(TimeSpan span) => (span.Ticks / TimeSpan.TicksPerSecond).ToString() + " s";

    private static string Describe(ZoneLimitSlot slot) => slot.ZoneId + " (" + LoadNames.Of(slot.Type) + ")";

    private static string Name(ControlState state) => LoadNames.Of(state);

    private static FailsafeSetter? StillCommissioned(FailsafeSetter? setter, string[] storedZoneIds)
    {
        if (setter is null)
        {
            return null;
        }

        for (int i = 0; i < storedZoneIds.Length; i++)
        {
            if (storedZoneIds[i] == setter.ZoneId)
            {
                return setter;
            }
        }

        return null;
    }

    private ControlResult ApplyFailsafeLimit(long limitMw, FailsafeSetter? setBy)
    {
        if (limitMw < 0)
        {
            return ControlResult.Fail(StatusCode.ConstraintError, "failsafeConsumptionLimit must be >= 0");
        }

        bool changed = limitMw != _failsafeLimitMw;
        _writtenFailsafeLimitMw = limitMw;
        _failsafeLimitMw = limitMw;
        _failsafeLimitSetBy = setBy;
        LogFailsafeSetting(changed, "failsafe limit", Watts(limitMw), setBy);
        Persist();
        Resolve();
        return ControlResult.Ok;
    }

    /// <summary>Takes effect the next time the failsafe timer starts; a running one keeps its time.</summary>
    private ControlResult ApplyFailsafeDuration(TimeSpan duration, FailsafeSetter? setBy)
    {
        if (duration < MinFailsafeDuration || duration > MaxFailsafeDuration || duration.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            return ControlResult.Fail(
                StatusCode.ConstraintError,
                "failsafeDuration must be whole seconds in " + LoadLimits.FailsafeDurationMinSeconds.ToString() + ".."
                + LoadLimits.FailsafeDurationMaxSeconds.ToString());
        }

        bool changed = duration != _failsafeDuration;
        _writtenFailsafeDurationSeconds = duration.Ticks / TimeSpan.TicksPerSecond;
        _failsafeDuration = duration;
        _failsafeDurationSetBy = setBy;
        LogFailsafeSetting(changed, "failsafe duration", Seconds(duration), setBy);
        Persist();
        Changed?.Invoke();
        return ControlResult.Ok;
    }

    private static string SetByText(FailsafeSetter? setBy) =>
        setBy is null ? string.Empty : " by zone " + setBy.ZoneId + " (" + LoadNames.Of(setBy.ZoneType) + ")";

    /// <summary>A new value is worth an info line (bounded: a zone may rewrite it at request rate); the same value again is debug.</summary>
    private void LogFailsafeSetting(bool changed, string what, string value, FailsafeSetter? setBy)
    {
        if (changed ? _failsafeSettingLine.ShouldWrite() : _log.IsEnabled(LogLevel.Debug))
        {
            string line = what + " set to " + value + SetByText(setBy);
            if (changed)
            {
                _failsafeSettingLine.Write(line);
            }
            else
            {
                _log.Debug(line);
            }
        }
    }

    /// <summary>A removed zone's failsafe values stay in force, but its priority no longer guards them.</summary>
    private void ReleaseFailsafeClaims(string zoneId)
    {
        bool changed = false;
        if (_failsafeLimitSetBy is not null && _failsafeLimitSetBy.ZoneId == zoneId)
        {
            _failsafeLimitSetBy = null;
            changed = true;
        }

        if (_failsafeDurationSetBy is not null && _failsafeDurationSetBy.ZoneId == zoneId)
        {
            _failsafeDurationSetBy = null;
            changed = true;
        }

        if (changed)
        {
            Persist();
        }
    }

    private void Boot(FailsafeRecord? record)
    {
        FailsafePhase stored = record is null ? FailsafePhase.Idle : record.Phase;
        if (!CommissionedAtBoot())
        {
            _phase = FailsafePhase.Idle;
            if (stored != FailsafePhase.Idle)
            {
                _log.Info("no zone is commissioned: the stored failsafe state is dropped");
                Persist();
            }

            return;
        }

        if (stored == FailsafePhase.Active)
        {
            _phase = FailsafePhase.Active;
            _log.Warn("booted in FAILSAFE: failsafe limit " + Watts(_failsafeLimitMw) + " until a controller sets or clears a limit");
            return;
        }

        long now = WallClockTicks();
        if (stored == FailsafePhase.TimerRunning)
        {
            TimeSpan elapsed = TimeSpan.FromTicks(now - (UnixEpochTicks + (record!.TimerStartedUnixMs * TimeSpan.TicksPerMillisecond)));
            if (elapsed < TimeSpan.Zero)
            {
                // The wall clock is behind the stored start (not set yet after the power cut): the
                // time spent off is unknown, so the countdown restarts rather than guess.
                _log.Warn("the clock is behind the stored failsafe start; the failsafe timer restarts in full");
                elapsed = TimeSpan.Zero;
            }

            _phase = FailsafePhase.TimerRunning;
            _timerStartedUtcTicks = now - elapsed.Ticks;
            _timerStartedMonotonic = _scheduler.Clock.Monotonic - elapsed;
            _timerRun = record.TimerDuration;
            TimeSpan left = _timerRun - elapsed;
            if (left <= TimeSpan.Zero)
            {
                _log.Warn("the failsafe time ran out while the device was off");
                EnterFailsafe();
                return;
            }

            _log.Info("failsafe timer resumed: " + Seconds(left) + " left of " + Seconds(_timerRun));
            Arm(left);
            return;
        }

        StartFailsafeTimer("booted with " + (CountKnown() + _damagedZoneRecords).ToString() + " commissioned zone(s), none connected yet");
    }

    /// <summary>A zone is stored, or was until its record got damaged (its controller can no longer end a failsafe, but a new zone can).</summary>
    private bool CommissionedAtBoot() => AnyKnown() || _damagedZoneRecords > 0;

    private void StartFailsafeTimer(string why)
    {
        if (!CommissionedAtBoot())
        {
            return;
        }

        _timerStartedUtcTicks = WallClockTicks();
        _timerStartedMonotonic = _scheduler.Clock.Monotonic;
        _timerRun = _hasTestFailsafeDuration ? _testFailsafeDuration : _failsafeDuration;
        _log.Warn("no controller connected (" + why + "): failsafe limit " + Watts(_failsafeLimitMw)
            + " applies in " + Seconds(_timerRun) + " unless a controller reconnects");
        SetPhase(FailsafePhase.TimerRunning);
        Arm(_timerRun);
    }

    private void RearmFailsafe(TimeSpan run)
    {
        _timerRun = run;
        TimeSpan left = _timerStartedMonotonic + run - _scheduler.Clock.Monotonic;
        Arm(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        Persist();
    }

    private void Arm(TimeSpan delay)
    {
        if (_failsafeTimer is null)
        {
            _failsafeTimer = _scheduler.After(delay, OnFailsafeTimer);
        }
        else
        {
            _failsafeTimer.Restart(delay);
        }
    }

    private void OnFailsafeTimer()
    {
        if (_phase != FailsafePhase.TimerRunning)
        {
            return;
        }

        EnterFailsafe();
        Resolve();
    }

    private void EnterFailsafe()
    {
        _log.Warn("FAILSAFE: no controller for " + Seconds(_timerRun) + "; failsafe limit " + Watts(_failsafeLimitMw)
            + " holds until a controller sets or clears a limit");
        SetPhase(FailsafePhase.Active);
    }

    private void LeaveFailsafe(string why)
    {
        if (_phase != FailsafePhase.Active)
        {
            return;
        }

        _log.Info("failsafe ends: " + why);
        SetPhase(FailsafePhase.Idle);
    }

    private void SetPhase(FailsafePhase phase)
    {
        _phase = phase;
        Persist();
    }

    private void Persist()
    {
        bool running = _phase == FailsafePhase.TimerRunning;
        var record = new FailsafeRecord(
            _writtenFailsafeLimitMw,
            _writtenFailsafeDurationSeconds,
            _phase,
            running ? (_timerStartedUtcTicks / TimeSpan.TicksPerMillisecond) - UnixEpochMilliseconds : FailsafeRecord.NotWritten,
            running ? _timerRun : TimeSpan.Zero)
        {
            ConsumptionLimitSetBy = _failsafeLimitSetBy,
            DurationSetBy = _failsafeDurationSetBy,
        };
        try
        {
            record.Write(_flash);
        }
        catch (Exception ex) when (ex is ArgumentException or FlashStoreFullException or System.IO.IOException)
        {
            // The timer still runs in memory; only a reboot would lose it.
            _log.Error("cannot persist the failsafe state: " + ex.Message);
        }
    }

    private void OnLimitExpired(ZoneLimitSlot slot)
    {
        if (!slot.HasLimit)
        {
            return;
        }

        _log.Info("zone " + Describe(slot) + " limit " + Watts(slot.LimitMw) + " expired after " + Seconds(slot.Duration));
        slot.ClearLimit();
        Resolve();
    }

    private void OnStagesChanged()
    {
        if (!_resolving)
        {
            Changed?.Invoke();
        }
    }

    // Recomputes everything derived (effective limit and its source, controlState, relay stages)
    // and tells the features; every change of input ends here, so nothing can be left stale.
    private void Resolve()
    {
        long effective = LoadLimits.NoLimit;
        ZoneLimitSlot? source = null;
        if (_phase == FailsafePhase.Active)
        {
            effective = _failsafeLimitMw;
        }
        else
        {
            foreach (ZoneLimitSlot slot in _slots)
            {
                if (!slot.HasLimit)
                {
                    continue;
                }

                long limit = slot.LimitMw;

                // Most restrictive wins; on equal limits the higher-priority zone (lower type number)
                // is named as the source, then a stored zone over a temporary one, then the most
                // recent one.
                bool wins = source is null
                    || limit < effective
                    || (limit == effective && Outranks(slot, source));
                if (wins)
                {
                    effective = limit;
                    source = slot;
                }
            }
        }

        ControlState state = _override ? ControlState.Override
            : _phase == FailsafePhase.Active ? ControlState.Failsafe
            : !AnyConnected(stored: false) ? ControlState.Autonomous
            : effective == LoadLimits.NoLimit ? ControlState.Controlled
            : ControlState.Limited;

        // A controller can change the limit with every request: the effective limit and the
        // CONTROLLED/LIMITED flip are debug; the relay lines (info, bounded by the relay
        // protection interval) say which limit switched what. Failsafe, override and
        // autonomous transitions stay at info.
        if ((effective != _effective || !ReferenceEquals(source, _source)) && _log.IsEnabled(LogLevel.Debug))
        {
            _log.Debug("effective limit: " + (effective != LoadLimits.NoLimit ? Watts(effective) : "none") + Origin(source));
        }

        if (state != _state)
        {
            bool routine = (state == ControlState.Controlled || state == ControlState.Limited)
                && (_state == ControlState.Controlled || _state == ControlState.Limited);
            if (_log.IsEnabled(routine ? LogLevel.Debug : LogLevel.Info))
            {
                _log.Write(routine ? LogLevel.Debug : LogLevel.Info, "controlState " + Name(_state) + " -> " + Name(state));
            }
        }

        _effective = effective;
        _source = source;
        _state = state;

        string reason = _override ? "local override (" + _overrideReason + "): load off"
            : _phase == FailsafePhase.Active ? "failsafe limit " + Watts(_failsafeLimitMw)
            : effective != LoadLimits.NoLimit ? "limit " + Watts(effective) + Origin(source)
            : "no limit (" + Name(state) + ")";
        long capWatts = effective != LoadLimits.NoLimit ? effective / 1000 : LoadLimits.NoLimit;
        long powerOnCap = _phase == FailsafePhase.Active ? _failsafeLimitMw / 1000 : LoadLimits.NoLimit;
        _resolving = true;
        try
        {
            _stages.Apply(capWatts, _override, reason, powerOnCap);
        }
        finally
        {
            _resolving = false;
        }

        Changed?.Invoke();
    }

    // DateTime ticks of 1970-01-01T00:00:00Z, and the same in milliseconds.
    private const long UnixEpochTicks = 621355968000000000;
    private const long UnixEpochMilliseconds = UnixEpochTicks / 10000;

    /// <summary>
    /// The wall clock, only for the failsafe start that must survive a reboot (the monotonic clock
    /// restarts with the device). UtcNow has no offset, so its ticks are UTC ticks.
    /// </summary>
    private long WallClockTicks() => _scheduler.Clock.UtcNow.Ticks;

    private static bool Outranks(ZoneLimitSlot a, ZoneLimitSlot b) =>
        a.Type != b.Type ? a.Type < b.Type
        : a.Temporary != b.Temporary ? !a.Temporary
        : a.SetSequence > b.SetSequence;

    private static string Origin(ZoneLimitSlot? source) => source is null ? string.Empty : " from zone " + Describe(source);

    private ZoneLimitSlot? Find(string zoneId)
    {
        foreach (ZoneLimitSlot slot in _slots)
        {
            if (slot.ZoneId == zoneId)
            {
                return slot;
            }
        }

        return null;
    }

    private ZoneLimitSlot? Allocate(string zoneId)
    {
        ZoneLimitSlot? existing = Find(zoneId);
        if (existing is not null)
        {
            return existing;
        }

        foreach (ZoneLimitSlot slot in _slots)
        {
            if (!slot.InUse)
            {
                slot.ZoneId = zoneId;
                return slot;
            }
        }

        return null;
    }

    /// <summary>Any controller connected; <paramref name="stored"/> counts only stored zones (the failsafe's business).</summary>
    private bool AnyConnected(bool stored = true)
    {
        foreach (ZoneLimitSlot slot in _slots)
        {
            if (slot.IsConnected && !(stored && slot.Temporary))
            {
                return true;
            }
        }

        return false;
    }

    private bool AnyKnown() => CountKnown() > 0;

    private int CountKnown()
    {
        int n = 0;
        foreach (ZoneLimitSlot slot in _slots)
        {
            if (slot.InUse && !slot.Temporary)
            {
                n++;
            }
        }

        return n;
    }
}
