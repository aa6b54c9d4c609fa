using System;
using Mash.Device.Boards;
using Mash.Protocol.Wire;

namespace Mash.Device.Model;

/// <summary>
/// Electrical (wire feature 3, [63] 0x0001): the nameplate of a single-phase, consume-only,
/// relay-switched load, derived from the board's stages. Nothing changes at run time.
/// </summary>
public sealed class ElectricalFeature : Feature
{
    public const ushort PhaseCount = 1;
    public const ushort PhaseMapping = 2;
    public const ushort NominalVoltage = 3;
    public const ushort NominalFrequency = 4;
    public const ushort SupportedDirections = 5;
    public const ushort NominalMaxConsumption = 10;
    public const ushort MaxCurrentPerPhase = 13;

    /// <summary>Volts; the board files are for 230 V / 50 Hz single-phase installations.</summary>
    public const int Volts = 230;

    public const int Hertz = 50;

    private static readonly FeatureDeclaration Declared = new(
        id: FeatureIds.Electrical,
        name: "electrical",
        registryId: 0x0001,
        picsCode: "ELEC",
        revision: 1,
        featureMap: FeatureMapBits.Core,
        attributes:
        [
            new(PhaseCount, "phaseCount", AttributeType.UInt8),
            new(PhaseMapping, "phaseMapping", AttributeType.Map),
            new(NominalVoltage, "nominalVoltage", AttributeType.UInt16, unit: "V"),
            new(NominalFrequency, "nominalFrequency", AttributeType.UInt8, unit: "Hz"),
            new(SupportedDirections, "supportedDirections", AttributeType.UInt8),
            new(NominalMaxConsumption, "nominalMaxConsumption", AttributeType.Int64, unit: "mW"),
            new(MaxCurrentPerPhase, "maxCurrentPerPhase", AttributeType.Int64, unit: "mA"),
        ]);

    private readonly CborValue _phaseMapping;
    private readonly CborValue _maxConsumption;
    private readonly CborValue _maxCurrent;

    public ElectricalFeature(FeatureDeclaration declaration, BoardDefinition board)
        : base(declaration)
    {
        ArgumentNullException.ThrowIfNull(board);
        long milliwatts = board.TotalWatts * 1000;

        // Device phase A is wired to grid phase L1 ([63] electrical.md PhaseEnum / GridPhaseEnum).
        _phaseMapping = CborValue.FromMap(new CborMap(1).Set(0, CborValue.FromUInt64(0)));
        _maxConsumption = CborValue.FromInt64(milliwatts);

        // Rated current of the full load at nominal voltage, rounded up (mW / V = mA).
        _maxCurrent = CborValue.FromInt64((milliwatts + Volts - 1) / Volts);
    }

    public static FeatureDeclaration Declare() => Declared;

    protected internal override CborValue ReadAttribute(AttributeDeclaration attribute, Requester requester)
    {
        ArgumentNullException.ThrowIfNull(attribute);
        return attribute.Id switch
        {
            PhaseCount => CborValue.FromUInt64(1),
            PhaseMapping => _phaseMapping,
            NominalVoltage => CborValue.FromUInt64(Volts),
            NominalFrequency => CborValue.FromUInt64(Hertz),
            SupportedDirections => CborValue.FromUInt64(0), // CONSUMPTION
            NominalMaxConsumption => _maxConsumption,
            MaxCurrentPerPhase => _maxCurrent,
            _ => CborValue.Null,
        };
    }
}
