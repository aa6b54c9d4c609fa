using System;
using Mash.Device.Load;
using Mash.Protocol.Wire;

namespace Mash.Device.Model;

/// <summary>
/// Status (wire feature 2, [63] 0x0005) of the load: RUNNING while a stage draws power, STANDBY
/// otherwise, FAULT while a fault is set. Failsafe is not a Status value: it is EnergyControl
/// controlState FAILSAFE, as in [63].
/// </summary>
public sealed class StatusFeature : Feature
{
    public const ushort OperatingStateId = 1;
    public const ushort StateDetail = 2;
    public const ushort FaultCode = 3;
    public const ushort FaultMessage = 4;

    private static readonly FeatureDeclaration Declared = new(
        id: FeatureIds.Status,
        name: "status",
        registryId: 0x0005,
        picsCode: "STAT",
        revision: 1,
        featureMap: FeatureMapBits.Core,
        attributes:
        [
            new(OperatingStateId, "operatingState", AttributeType.UInt8),
            new(StateDetail, "stateDetail", AttributeType.UInt32, nullable: true),
            new(FaultCode, "faultCode", AttributeType.UInt32, nullable: true),
            new(FaultMessage, "faultMessage", AttributeType.Text, nullable: true),
        ]);

    private readonly ILoadControl _load;
    private OperatingState _reported;
    private bool _faulted;
    private uint _faultCode;
    private string? _faultMessage;

    public StatusFeature(FeatureDeclaration declaration, ILoadControl load)
        : base(declaration)
    {
        ArgumentNullException.ThrowIfNull(load);
        _load = load;
        _reported = State;
        load.Changed += OnLoadChanged;
    }

    public static FeatureDeclaration Declare() => Declared;

    public OperatingState State => _faulted ? OperatingState.Fault
        : _load.ActivePowerMw > 0 ? OperatingState.Running
        : OperatingState.Standby;

    /// <summary>Puts the load into FAULT with a code and a text for the installer.</summary>
    public void SetFault(uint code, string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        _faulted = true;
        _faultCode = code;
        _faultMessage = message;
        RaiseChanged(FaultCode);
        RaiseChanged(FaultMessage);
        OnLoadChanged();
    }

    public void ClearFault()
    {
        if (!_faulted)
        {
            return;
        }

        _faulted = false;
        _faultCode = 0;
        _faultMessage = null;
        RaiseChanged(FaultCode);
        RaiseChanged(FaultMessage);
        OnLoadChanged();
    }

    protected internal override CborValue ReadAttribute(AttributeDeclaration attribute, Requester requester)
    {
        ArgumentNullException.ThrowIfNull(attribute);
        return attribute.Id switch
        {
            OperatingStateId => CborValue.FromUInt64((ulong)State),
            FaultCode => _faulted ? CborValue.FromUInt64(_faultCode) : CborValue.Null,
            FaultMessage => _faultMessage is { } text ? CborValue.FromText(text) : CborValue.Null,
            _ => CborValue.Null,
        };
    }

    private void OnLoadChanged()
    {
        OperatingState now = State;
        if (now != _reported)
        {
            _reported = now;
            RaiseChanged(OperatingStateId);
        }
    }
}
