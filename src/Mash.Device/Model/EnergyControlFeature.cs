using System;
using Mash.Device.Boards;
using Mash.Device.Load;
using Mash.Protocol.Wire;

namespace Mash.Device.Model;

/// <summary>
/// EnergyControl (wire feature 5, [63] 0x0003) of a consume-only load that accepts power limits:
/// the wire side of <see cref="ILoadControl"/>. Production limits, setpoints, current limits and
/// pause are not offered (the accepts*/is* flags say so); a SetLimit that carries a production
/// limit is accepted, because a load that cannot produce already satisfies it.
/// </summary>
public sealed class EnergyControlFeature : Feature
{
    public const ushort DeviceTypeId = 1;
    public const ushort ControlStateId = 2;
    public const ushort OptOutStateId = 3;
    public const ushort AcceptsLimits = 10;
    public const ushort AcceptsCurrentLimits = 11;
    public const ushort AcceptsSetpoints = 12;
    public const ushort AcceptsCurrentSetpoints = 13;
    public const ushort IsPausable = 14;
    public const ushort IsShiftable = 15;
    public const ushort IsStoppable = 16;
    public const ushort EffectiveConsumptionLimit = 20;
    public const ushort MyConsumptionLimit = 21;
    public const ushort FailsafeConsumptionLimit = 70;
    public const ushort FailsafeDuration = 72;

    public const byte SetLimitCommand = 1;
    public const byte ClearLimitCommand = 2;

    /// <summary>[63] failsafe-timing: failsafeDuration is 2 h to 24 h.</summary>
    public const long FailsafeDurationMinSeconds = 7200;

    public const long FailsafeDurationMaxSeconds = 86400;

    /// <summary>[63] duration-semantics 6.1: a command duration is at most 24 h (0 = until cleared).</summary>
    public const long DurationMaxSeconds = 86400;

    private static readonly FeatureDeclaration Declared = new(
        id: FeatureIds.EnergyControl,
        name: "energyControl",
        registryId: 0x0003,
        picsCode: "CTRL",
        revision: 1,
        featureMap: FeatureMapBits.Core,
        attributes:
        [
            new(DeviceTypeId, "deviceType", AttributeType.UInt8),
            new(ControlStateId, "controlState", AttributeType.UInt8),
            new(OptOutStateId, "optOutState", AttributeType.UInt8),
            new(AcceptsLimits, "acceptsLimits", AttributeType.Boolean),
            new(AcceptsCurrentLimits, "acceptsCurrentLimits", AttributeType.Boolean),
            new(AcceptsSetpoints, "acceptsSetpoints", AttributeType.Boolean),
            new(AcceptsCurrentSetpoints, "acceptsCurrentSetpoints", AttributeType.Boolean),
            new(IsPausable, "isPausable", AttributeType.Boolean),
            new(IsShiftable, "isShiftable", AttributeType.Boolean),
            new(IsStoppable, "isStoppable", AttributeType.Boolean),
            new(EffectiveConsumptionLimit, "effectiveConsumptionLimit", AttributeType.Int64, nullable: true, unit: "mW"),
            new(MyConsumptionLimit, "myConsumptionLimit", AttributeType.Int64, nullable: true, perZone: true, unit: "mW"),
            new(FailsafeConsumptionLimit, "failsafeConsumptionLimit", AttributeType.Int64, writable: true, minimum: 0, unit: "mW"),
            new(
                FailsafeDuration,
                "failsafeDuration",
                AttributeType.UInt32,
                writable: true,
                minimum: FailsafeDurationMinSeconds,
                maximum: FailsafeDurationMaxSeconds,
                unit: "s"),
        ],
        commands:
        [
            new CommandDeclaration(
                SetLimitCommand,
                "setLimit",
                [
                    new CommandParameter(1, "consumptionLimit", AttributeType.Int64, minimum: 0, unit: "mW"),
                    new CommandParameter(2, "productionLimit", AttributeType.Int64, unit: "mW"),
                    new CommandParameter(3, "duration", AttributeType.UInt32, maximum: DurationMaxSeconds, unit: "s"),
                    new CommandParameter(4, "cause", AttributeType.UInt8, required: true, maximum: (long)LimitCause.UserPreference),
                ],
                ["success", "effectiveConsumptionLimit", "effectiveProductionLimit"]),
            new CommandDeclaration(
                ClearLimitCommand,
                "clearLimit",
                [
                    new CommandParameter(1, "direction", AttributeType.UInt8, maximum: 2),
                ],
                ["success"]),
        ]);

    private readonly ILoadControl _load;
    private readonly CborValue _deviceType;
    private ControlState _controlState;
    private OptOutState _optOut;
    private long _effective;
    private long _failsafeLimit;
    private TimeSpan _failsafeDuration;

    public EnergyControlFeature(FeatureDeclaration declaration, ILoadControl load, DeviceType deviceType)
        : base(declaration)
    {
        ArgumentNullException.ThrowIfNull(load);
        _load = load;
        _deviceType = CborValue.FromUInt64((ulong)deviceType);
        Remember();
        load.Changed += OnLoadChanged;
    }

    public static FeatureDeclaration Declare() => Declared;

    protected internal override CborValue ReadAttribute(AttributeDeclaration attribute, Requester requester)
    {
        ArgumentNullException.ThrowIfNull(attribute);
        switch (attribute.Id)
        {
            case DeviceTypeId:
                return _deviceType;
            case ControlStateId:
                return CborValue.FromUInt64((ulong)_load.ControlState);
            case OptOutStateId:
                return CborValue.FromUInt64((ulong)_load.OptOutState);
            case AcceptsLimits:
                return CborValue.True;
            case AcceptsCurrentLimits:
            case AcceptsSetpoints:
            case AcceptsCurrentSetpoints:
            case IsPausable:
            case IsShiftable:
            case IsStoppable:
                return CborValue.False;
            case EffectiveConsumptionLimit:
                return Nullable(_load.EffectiveConsumptionLimitMw);
            case MyConsumptionLimit:
                return requester.ZoneId is null ? CborValue.Null : Nullable(_load.GetConsumptionLimitMw(requester.ZoneId));
            case FailsafeConsumptionLimit:
                return CborValue.FromInt64(_load.FailsafeConsumptionLimitMw);
            case FailsafeDuration:
                return CborValue.FromInt64((long)_load.FailsafeDuration.TotalSeconds);
            default:
                return CborValue.Null;
        }
    }

    /// <summary>
    /// The failsafe priority rule is checked with the other write checks, so a write of 70 and 72
    /// together changes neither when either is refused.
    /// </summary>
    protected internal override StatusCode CheckWrite(AttributeDeclaration attribute, CborValue value, Requester requester, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(attribute);
        ControlResult result = attribute.Id switch
        {
            FailsafeConsumptionLimit => FailsafeSetter.MayOverwrite(_load.FailsafeConsumptionLimitSetBy, requester.ZoneId, requester.ZoneType, attribute.Name),
            FailsafeDuration => FailsafeSetter.MayOverwrite(_load.FailsafeDurationSetBy, requester.ZoneId, requester.ZoneType, attribute.Name),
            _ => ControlResult.Ok,
        };
        problem = result.Message;
        return result.Status;
    }

    protected internal override StatusCode WriteAttribute(AttributeDeclaration attribute, CborValue value, Requester requester, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(attribute);
        ArgumentNullException.ThrowIfNull(value);
        ControlResult result = attribute.Id switch
        {
            FailsafeConsumptionLimit => _load.SetFailsafeConsumptionLimit(value.AsInt64(), requester.ZoneId, requester.ZoneType),
            FailsafeDuration => _load.SetFailsafeDuration(TimeSpan.FromSeconds(value.AsInt64()), requester.ZoneId, requester.ZoneType),
            _ => ControlResult.Fail(StatusCode.ReadOnly, attribute.Name + " is read-only"),
        };
        problem = result.Message;
        return result.Status;
    }

    protected internal override InvokeResult Invoke(CommandDeclaration command, CommandArguments arguments, Requester requester)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(arguments);
        if (requester.ZoneId is null)
        {
            return InvokeResult.Failure(StatusCode.NotAuthorized, command.Name + " needs a zone; this connection acts for none");
        }

        switch (command.Id)
        {
            case SetLimitCommand:
                return SetLimit(arguments, requester);
            case ClearLimitCommand:
                // Direction 1 (production) has nothing to clear on a consuming load.
                ControlResult cleared = arguments.GetInt64("direction", 0) == 1 ? ControlResult.Ok : _load.ClearLimit(requester.ZoneId);
                return cleared.IsSuccess
                    ? InvokeResult.Success(new CborMap(1).Set("success", CborValue.True))
                    : InvokeResult.Failure(cleared.Status, cleared.Message ?? "clearLimit refused");
            default:
                return base.Invoke(command, arguments, requester);
        }
    }

    private static CborValue Nullable(long limitMw) => limitMw == PowerLimit.None ? CborValue.Null : CborValue.FromInt64(limitMw);

    private InvokeResult SetLimit(CommandArguments arguments, Requester requester)
    {
        // consumptionLimit is declared >= 0, so a given one is never the None sentinel.
        long consumption = arguments.GetInt64("consumptionLimit", PowerLimit.None);
        if (consumption == PowerLimit.None && !arguments.Has("productionLimit"))
        {
            return InvokeResult.Failure(StatusCode.InvalidParameter, "setLimit needs consumptionLimit or productionLimit");
        }

        // 0 (or absent) is until cleared, as on the wire.
        TimeSpan duration = TimeSpan.FromSeconds(arguments.GetInt64("duration", 0));
        var cause = (LimitCause)arguments.GetInt64("cause", 0);
        ControlResult result = _load.SetLimit(requester.ZoneId!, requester.ZoneType, consumption != PowerLimit.None, consumption == PowerLimit.None ? 0 : consumption, duration, cause);
        if (!result.IsSuccess)
        {
            return InvokeResult.Failure(result.Status, result.Message ?? "setLimit refused");
        }

        return InvokeResult.Success(new CborMap(3)
            .Set("success", CborValue.True)
            .Set("effectiveConsumptionLimit", Nullable(_load.EffectiveConsumptionLimitMw))
            .Set("effectiveProductionLimit", CborValue.Null));
    }

    private void Remember()
    {
        _controlState = _load.ControlState;
        _optOut = _load.OptOutState;
        _effective = _load.EffectiveConsumptionLimitMw;
        _failsafeLimit = _load.FailsafeConsumptionLimitMw;
        _failsafeDuration = _load.FailsafeDuration;
    }

    private void OnLoadChanged()
    {
        bool controlState = _controlState != _load.ControlState;
        bool optOut = _optOut != _load.OptOutState;
        bool effective = _effective != _load.EffectiveConsumptionLimitMw;
        bool failsafeLimit = _failsafeLimit != _load.FailsafeConsumptionLimitMw;
        bool failsafeDuration = _failsafeDuration != _load.FailsafeDuration;
        Remember();
        if (controlState)
        {
            RaiseChanged(ControlStateId);
        }

        if (optOut)
        {
            RaiseChanged(OptOutStateId);
        }

        if (effective)
        {
            RaiseChanged(EffectiveConsumptionLimit);
        }

        // A zone's own limit is not cached per zone here; subscriptions compare it for their zone.
        RaiseChanged(MyConsumptionLimit);
        if (failsafeLimit)
        {
            RaiseChanged(FailsafeConsumptionLimit);
        }

        if (failsafeDuration)
        {
            RaiseChanged(FailsafeDuration);
        }
    }
}
