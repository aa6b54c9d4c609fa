using System;
using Mash.Device.Boards;
using Mash.Device.Diagnostics;
using Mash.Device.Relays;
using Mash.Device.Runtime;
using Mash.Device.Storage;
using Mash.Protocol.Portable;

namespace Mash.Device.Load;

/// <summary>
/// Puts the relay stages where a power cap allows, protecting the relays: a stage goes OFF at
/// once whenever the cap demands it (a new lower limit is never exceeded, not even briefly), but
/// goes ON only when <see cref="BoardDefinition.MinSwitchIntervalSeconds"/> have passed since that
/// relay last switched; until then it waits, and a timer switches it on when its time comes. Every
/// relay state that changes is persisted with the power-on cap in a <see cref="LoadStateRecord"/>.
/// Scheduler thread only.
/// </summary>
public sealed class StageController
{
    private readonly Scheduler _scheduler;
    private readonly RelayBank _relays;
    private readonly IFlashStore _flash;
    private readonly Logger _log;
    private readonly BoardDefinition _board;
    private readonly long _intervalTicks;
    private readonly long[] _lastSwitchTicks;
    private readonly bool[] _current;
    private readonly bool[] _target;
    private readonly bool[] _next;
    private readonly bool[] _mayBeOn;
    private TimerHandle? _retry;
    private long _capWatts = LoadLimits.NoLimit;
    private bool _forceOff;
    private string _reason = "start";
    private long _powerOnCapWatts = LoadLimits.NoLimit;
    private bool[]? _persistedStates;
    private long _persistedCap = LoadLimits.NoLimit;
    private bool _persistedOnce;

    /// <summary>
    /// Takes over <paramref name="relays"/> as they are (the power-on plan has been applied). The
    /// relays count as switched just now: the device may have been switching them right before a
    /// reboot, so a stage that is off waits one interval before it may go on.
    /// </summary>
    public StageController(Scheduler scheduler, RelayBank relays, IFlashStore flash, ILogSink log)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentNullException.ThrowIfNull(relays);
        ArgumentNullException.ThrowIfNull(flash);
        ArgumentNullException.ThrowIfNull(log);
        _scheduler = scheduler;
        _relays = relays;
        _flash = flash;
        _log = new Logger(log, "load");
        _board = relays.Board;
        _intervalTicks = TimeSpan.FromSeconds(Maths.Max(0, _board.MinSwitchIntervalSeconds)).Ticks;
        int count = relays.Count;
        _lastSwitchTicks = new long[count];
        _current = new bool[count];
        _target = new bool[count];
        _next = new bool[count];
        _mayBeOn = new bool[count];
        long now = scheduler.Clock.Monotonic.Ticks;
        for (int i = 0; i < count; i++)
        {
            _lastSwitchTicks[i] = now;
        }
    }

    /// <summary>Called after relays switched (so the measured power changed).</summary>
    public Action? Changed { get; set; }

    public BoardDefinition Board => _board;

    /// <summary>Power drawn by the stages that are on, in watts.</summary>
    public long ActiveWatts => _relays.ActiveWatts;

    /// <summary>True while a stage waits for its minimum switch interval before going on.</summary>
    public bool HasPendingSwitchOn => _retry is { IsActive: true };

    /// <summary>
    /// Brings the relays to the best stage set under <paramref name="capWatts"/>
    /// (<see cref="LoadLimits.NoLimit"/> = no cap, every stage on), or all off when <paramref name="forceOff"/>. <paramref name="reason"/> is
    /// logged with every relay that switches. <paramref name="powerOnCapWatts"/> is the cap a reboot
    /// must respect (persisted; <see cref="LoadLimits.NoLimit"/> = none).
    /// </summary>
    public void Apply(long capWatts, bool forceOff, string reason, long powerOnCapWatts)
    {
        ArgumentNullException.ThrowIfNull(reason);
        _capWatts = capWatts;
        _forceOff = forceOff;
        _reason = reason;
        _powerOnCapWatts = powerOnCapWatts;
        Reconcile(false);
    }

    private void Reconcile(bool afterWait)
    {
        int count = _current.Length;
        for (int i = 0; i < count; i++)
        {
            _current[i] = _relays.IsOn(i);
        }

        long now = _scheduler.Clock.Monotonic.Ticks;
        long nextEligible = long.MaxValue;
        if (_forceOff)
        {
            Array.Clear(_next, 0, _next.Length);
        }
        else
        {
            // The ideal set, then the best set the relays allow right now: a relay that is off and
            // still inside its interval cannot go on. The second never exceeds the cap either, and
            // it keeps stages on that the ideal would reshuffle, so a higher limit never causes a dip.
            StagePlanner.Plan(_board, _current, _capWatts, _target);
            for (int i = 0; i < count; i++)
            {
                _mayBeOn[i] = _current[i] || now - _lastSwitchTicks[i] >= _intervalTicks;
            }

            StagePlanner.Plan(_board, _current, _capWatts, _mayBeOn, _next);
            if (StagePlanner.Watts(_board, _next) < StagePlanner.Watts(_board, _target))
            {
                for (int i = 0; i < count; i++)
                {
                    if (_target[i] && !_mayBeOn[i])
                    {
                        nextEligible = Maths.Min(nextEligible, _lastSwitchTicks[i] + _intervalTicks);
                    }
                }
            }
        }

        if (nextEligible != long.MaxValue)
        {
            TimeSpan wait = TimeSpan.FromTicks(nextEligible - now);
            if (_retry is null)
            {
                _retry = _scheduler.After(wait, () => Reconcile(true));
            }
            else
            {
                _retry.Restart(wait);
            }

            long seconds = (wait.Ticks + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond;
            _log.Debug("a stage waits " + seconds.ToString() + " s for the relay's minimum switch interval ("
                + _board.MinSwitchIntervalSeconds.ToString() + " s)");
        }
        else
        {
            _retry?.Cancel();
        }

        _relays.Apply(_next, afterWait ? _reason + " (after the relay's minimum switch interval)" : _reason);
        bool changed = false;
        for (int i = 0; i < count; i++)
        {
            if (_relays.IsOn(i) != _current[i])
            {
                _lastSwitchTicks[i] = now;
                changed = true;
            }
        }

        Persist();
        if (changed)
        {
            Changed?.Invoke();
        }
    }

    // Written only when something a reboot needs differs from what flash holds, to spare the flash.
    private void Persist()
    {
        bool same = _persistedOnce && _persistedCap == _powerOnCapWatts && _persistedStates is not null;

        // Relay states matter after a reboot only on restore-last boards; elsewhere only the cap
        // does, so limit churn does not turn into a flash write per relay change (flash wear).
        if (same && _board.PowerOnState != PowerOnState.RestoreLast)
        {
            return;
        }

        if (same)
        {
            for (int i = 0; i < _persistedStates!.Length; i++)
            {
                if (_persistedStates[i] != _relays.IsOn(i))
                {
                    same = false;
                    break;
                }
            }
        }

        if (same)
        {
            return;
        }

        bool[] states = _relays.GetStates();
        try
        {
            new LoadStateRecord(states, _powerOnCapWatts).Write(_flash);
            _persistedStates = states;
            _persistedCap = _powerOnCapWatts;
            _persistedOnce = true;
        }
        catch (Exception ex) when (ex is ArgumentException or FlashStoreFullException or System.IO.IOException)
        {
            // The relays already obey; only restore-after-reboot is at risk, so say so and go on.
            _log.Error("cannot persist relay states: " + ex.Message);
        }
    }
}
