using System;
using Mash.Protocol.Zones;

namespace Mash.Device.Load;

/// <summary>
/// What the EnergyControl, Measurement and Status features need from the load's control logic
/// (limit resolution across zones, duration and failsafe timers, relays). The features only
/// translate between the wire and this interface; every decision is made behind it. All members
/// run on the scheduler thread.
/// </summary>
public interface ILoadControl
{
    /// <summary>Raised after any value below changed, so subscriptions can report it.</summary>
    event Action? Changed;

    ControlState ControlState { get; }

    OptOutState OptOutState { get; }

    /// <summary>Power drawn now, in mW (+ = consumption): the watts of the stages that are on.</summary>
    long ActivePowerMw { get; }

    /// <summary>The limit in force (all zones resolved, or the failsafe limit); <see cref="LoadLimits.NoLimit"/> when none.</summary>
    long EffectiveConsumptionLimitMw { get; }

    /// <summary>The consumption limit <paramref name="zoneId"/> set itself, or <see cref="LoadLimits.NoLimit"/>.</summary>
    long GetConsumptionLimitMw(string zoneId);

    /// <summary>The limit applied in FAILSAFE (attribute 70).</summary>
    long FailsafeConsumptionLimitMw { get; }

    /// <summary>How long the device waits with no controller connected before the failsafe limit applies (attribute 72).</summary>
    TimeSpan FailsafeDuration { get; }

    /// <summary>
    /// A zone sets its consumption limit. <paramref name="hasConsumptionLimit"/> false leaves the
    /// zone's consumption limit as it is (the command only carried a production limit, which a
    /// consuming load has nothing to apply to); <paramref name="duration"/> zero means until cleared.
    /// </summary>
    ControlResult SetLimit(string zoneId, ZoneType zoneType, bool hasConsumptionLimit, long consumptionLimitMw, TimeSpan duration, LimitCause cause);

    /// <summary>A zone removes its limit.</summary>
    ControlResult ClearLimit(string zoneId);

    /// <summary>The zone whose failsafeConsumptionLimit is in force; null for the device default or when that zone is gone.</summary>
    FailsafeSetter? FailsafeConsumptionLimitSetBy { get; }

    /// <summary>The zone whose failsafeDuration is in force; null for the device default or when that zone is gone.</summary>
    FailsafeSetter? FailsafeDurationSetBy { get; }

    /// <summary>
    /// The requester (its zone, or null for a connection acting for none) writes attribute 70.
    /// Refused with NOT_AUTHORIZED when a higher-priority zone set the value in force
    /// (<see cref="FailsafeSetter.MayOverwrite"/>).
    /// </summary>
    ControlResult SetFailsafeConsumptionLimit(long limitMw, string? requesterZoneId, ZoneType requesterZoneType);

    /// <summary>Attribute 72, under the same priority rule as <see cref="SetFailsafeConsumptionLimit"/>.</summary>
    ControlResult SetFailsafeDuration(TimeSpan duration, string? requesterZoneId, ZoneType requesterZoneType);
}
