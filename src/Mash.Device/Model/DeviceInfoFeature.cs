using System;
using Mash.Device.Boards;
using Mash.Device.Load;
using Mash.Protocol.Wire;

namespace Mash.Device.Model;

/// <summary>
/// DeviceInfo (wire feature 1, [63] 0x0006) on endpoint 0: who the device is and what endpoints
/// and features it has. Read-only, as in [63]; nothing in it changes while the firmware runs.
/// [63] defines no zone information in DeviceInfo, so none is served here.
/// </summary>
public sealed class DeviceInfoFeature : Feature
{
    public const ushort DeviceId = 1;
    public const ushort VendorName = 2;
    public const ushort ProductName = 3;
    public const ushort SerialNumber = 4;
    public const ushort VendorId = 5;
    public const ushort ProductId = 6;
    public const ushort SoftwareVersion = 10;
    public const ushort HardwareVersion = 11;
    public const ushort SpecVersion = 12;
    public const ushort Endpoints = 20;

    /// <summary>
    /// The lab-only test event trigger (Matter's TestEventTrigger). Declared, and so listed in
    /// acceptedCommandList, only on a device configured with an enable key.
    /// </summary>
    public const byte TestEventTriggerCommand = 0xF0;

    /// <summary>RemoveZone (zone-lifecycle.md 5.1): params {1 / "zoneId": text, required}, result {1: true, "success": true}.</summary>
    public const byte RemoveZoneCommand = 0x10;

    /// <summary>ListZones (a PICS name in the spec without a message; ours): result {"zones": [...]}.</summary>
    public const byte ListZonesCommand = 0x11;

    /// <summary>Opens the commissioning window for another controller (issue: "by a command from an existing zone").</summary>
    public const byte OpenCommissioningWindowCommand = 0x12;

    private IZoneAdministration? _zones;

    /// <summary>The MASH specification version served in specVersion.</summary>
    public const string MashSpecVersion = "1.0";

    private static readonly FeatureDeclaration Plain = Build(withTestEventTrigger: false);
    private static readonly FeatureDeclaration WithTestEventTrigger = Build(withTestEventTrigger: true);

    private readonly CborValue[] _values;

    public DeviceInfoFeature(FeatureDeclaration declaration, BoardDefinition board, string deviceId, string? serialNumber, DeviceDeclaration device)
        : base(declaration)
    {
        ArgumentNullException.ThrowIfNull(board);
        ArgumentException.ThrowIfNullOrEmpty(deviceId);
        ArgumentNullException.ThrowIfNull(device);
        AttributeDeclaration[] attributes = declaration.AttributeTable;
        _values = new CborValue[attributes.Length];
        for (int i = 0; i < _values.Length; i++)
        {
            _values[i] = attributes[i].Id switch
            {
                DeviceId => CborValue.FromText(deviceId),
                VendorName => CborValue.FromText(board.VendorName),
                ProductName => CborValue.FromText(board.ProductName),

                // A board has no serial number of its own; the device ID is unique per unit.
                SerialNumber => CborValue.FromText(string.IsNullOrEmpty(serialNumber) ? deviceId : serialNumber),
                VendorId => CborValue.FromUInt64((ulong)board.VendorId),
                ProductId => CborValue.FromUInt64((ulong)board.ProductId),
                SoftwareVersion => CborValue.FromText(board.FirmwareVersion),
                HardwareVersion => string.IsNullOrEmpty(board.HardwareVersion) ? CborValue.Null : CborValue.FromText(board.HardwareVersion),
                SpecVersion => CborValue.FromText(MashSpecVersion),
                Endpoints => device.EndpointListValue(),
                _ => throw new ArgumentException("DeviceInfo cannot serve " + attributes[i], nameof(declaration)),
            };
        }
    }

    /// <summary>Connects the zone commands to the zone store; until then they answer UNSUPPORTED.</summary>
    public void UseZoneAdministration(IZoneAdministration zones) => _zones = zones;

    protected internal override InvokeResult Invoke(CommandDeclaration command, CommandArguments arguments, Requester requester)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(arguments);
        if (command.Id is not (RemoveZoneCommand or ListZonesCommand or OpenCommissioningWindowCommand))
        {
            return base.Invoke(command, arguments, requester);
        }

        if (_zones is null)
        {
            return InvokeResult.Failure(StatusCode.Unsupported, command.Name + " is not available on this device");
        }

        if (requester.ZoneId is null)
        {
            return InvokeResult.Failure(StatusCode.NotAuthorized, command.Name + " needs a zone; this connection acts for none");
        }

        switch (command.Id)
        {
            case RemoveZoneCommand:
                // zoneId is a required parameter (zone-lifecycle.md 5.1), so it is here: a request
                // without it is INVALID_PARAMETER, never "the caller's own zone".
                string zoneId = arguments.Get("zoneId")!.AsText();
                ControlResult removed = _zones.RemoveZone(requester, zoneId);
                return removed.IsSuccess
                    ? InvokeResult.Success(new CborMap(2).Set(1, CborValue.True).Set("success", CborValue.True))
                    : InvokeResult.Failure(removed.Status, removed.Message ?? "removeZone refused");
            case ListZonesCommand:
                ZoneSummary[] zones = _zones.ListZones();
                var rows = new CborValue[zones.Length];
                for (int i = 0; i < rows.Length; i++)
                {
                    ZoneSummary z = zones[i];
                    rows[i] = CborValue.FromMap(new CborMap(5)
                        .Set("zoneId", CborValue.FromText(z.ZoneId))
                        .Set("zoneType", CborValue.FromUInt64((ulong)z.ZoneType))
                        .Set("connected", CborValue.FromBoolean(z.Connected))
                        .Set("commissionedAt", CborValue.FromInt64(z.CommissionedAtUnixSeconds))
                        .Set("self", CborValue.FromBoolean(z.ZoneId == requester.ZoneId)));
                }

                return InvokeResult.Success(new CborMap(1).Set("zones", CborValue.FromArray(rows)));
            default:
                ControlResult opened = _zones.OpenCommissioningWindow(requester);
                return opened.IsSuccess
                    ? InvokeResult.Success(new CborMap(1).Set("success", CborValue.True))
                    : InvokeResult.Failure(opened.Status, opened.Message ?? "window not opened");
        }
    }

    /// <summary>The declaration, with or without the test event trigger command.</summary>
    public static FeatureDeclaration Declare(bool withTestEventTrigger) => withTestEventTrigger ? WithTestEventTrigger : Plain;

    protected internal override CborValue ReadAttribute(AttributeDeclaration attribute, Requester requester)
    {
        ArgumentNullException.ThrowIfNull(attribute);
        AttributeDeclaration[] attributes = Declaration.AttributeTable;
        for (int i = 0; i < _values.Length; i++)
        {
            if (attributes[i].Id == attribute.Id)
            {
                return _values[i];
            }
        }

        return CborValue.Null;
    }

    private static FeatureDeclaration Build(bool withTestEventTrigger) => new(
        id: FeatureIds.DeviceInfo,
        name: "deviceInfo",
        registryId: 0x0006,
        picsCode: "INFO",
        revision: 1,
        featureMap: FeatureMapBits.Core,
        attributes:
        [
            new(DeviceId, "deviceId", AttributeType.Text),
            new(VendorName, "vendorName", AttributeType.Text),
            new(ProductName, "productName", AttributeType.Text),
            new(SerialNumber, "serialNumber", AttributeType.Text),
            new(VendorId, "vendorId", AttributeType.UInt32, nullable: true),
            new(ProductId, "productId", AttributeType.UInt16, nullable: true),
            new(SoftwareVersion, "softwareVersion", AttributeType.Text),
            new(HardwareVersion, "hardwareVersion", AttributeType.Text, nullable: true),
            new(SpecVersion, "specVersion", AttributeType.Text),
            new(Endpoints, "endpoints", AttributeType.Array),
        ],
        commands: withTestEventTrigger
            ? new[] { RemoveZone(), ListZones(), OpenCommissioningWindow(), TestEventTrigger() }
            : new[] { RemoveZone(), ListZones(), OpenCommissioningWindow() });

    private static CommandDeclaration RemoveZone() => new(
        RemoveZoneCommand,
        "removeZone",
        [new CommandParameter(1, "zoneId", AttributeType.Text, required: true)],
        ["success"]);

    private static CommandDeclaration ListZones() => new(ListZonesCommand, "listZones", new CommandParameter[0], ["zones"]);

    private static CommandDeclaration OpenCommissioningWindow() =>
        new(OpenCommissioningWindowCommand, "openCommissioningWindow", new CommandParameter[0], ["success"]);

    private static CommandDeclaration TestEventTrigger() => new(
        TestEventTriggerCommand,
        "testEventTrigger",
        new[]
        {
            new CommandParameter(1, "enableKey", AttributeType.Bytes, required: true),
            new CommandParameter(2, "trigger", AttributeType.UInt64, required: true),
        },
        new string[0]);
}
