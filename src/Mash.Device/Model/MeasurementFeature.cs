using System;
using Mash.Device.Load;
using Mash.Protocol.Wire;

namespace Mash.Device.Model;

/// <summary>Measurement (wire feature 4, [63] 0x0002): the active power of the stages that are on.</summary>
public sealed class MeasurementFeature : Feature
{
    public const ushort AcActivePower = 1;

    private static readonly FeatureDeclaration Declared = new(
        id: FeatureIds.Measurement,
        name: "measurement",
        registryId: 0x0002,
        picsCode: "MEAS",
        revision: 1,
        featureMap: FeatureMapBits.Core,
        attributes:
        [
            new(AcActivePower, "acActivePower", AttributeType.Int64, unit: "mW"),
        ]);

    private readonly ILoadControl _load;
    private long _reported;

    public MeasurementFeature(FeatureDeclaration declaration, ILoadControl load)
        : base(declaration)
    {
        ArgumentNullException.ThrowIfNull(load);
        _load = load;
        _reported = load.ActivePowerMw;
        load.Changed += OnLoadChanged;
    }

    public static FeatureDeclaration Declare() => Declared;

    protected internal override CborValue ReadAttribute(AttributeDeclaration attribute, Requester requester)
    {
        ArgumentNullException.ThrowIfNull(attribute);
        return attribute.Id == AcActivePower ? CborValue.FromInt64(_load.ActivePowerMw) : CborValue.Null;
    }

    private void OnLoadChanged()
    {
        long now = _load.ActivePowerMw;
        if (now != _reported)
        {
            _reported = now;
            RaiseChanged(AcActivePower);
        }
    }
}
