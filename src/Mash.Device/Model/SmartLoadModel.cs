using System;
using Mash.Device.Boards;
using Mash.Device.Load;

namespace Mash.Device.Model;

/// <summary>
/// The one declaration of this device: endpoint 0 (device root) with DeviceInfo, endpoint 1 (the
/// load, typed by the board) with Status, Electrical, Measurement and EnergyControl. Everything
/// served, listed in DeviceInfo, announced over mDNS or declared in the PICS comes from here.
/// </summary>
public static class SmartLoadModel
{
    public const byte RootEndpoint = 0;
    public const byte LoadEndpoint = 1;

    /// <summary>The declaration alone, for tools that describe the device without running it (PICS, TXT records).</summary>
    public static DeviceDeclaration Declare(EndpointType loadType, bool testEventTriggers = false) => new(
    [
        new EndpointDeclaration(RootEndpoint, EndpointType.DeviceRoot, [DeviceInfoFeature.Declare(testEventTriggers)]),
        new EndpointDeclaration(
            LoadEndpoint,
            loadType,
            [
                StatusFeature.Declare(),
                ElectricalFeature.Declare(),
                MeasurementFeature.Declare(),
                EnergyControlFeature.Declare(),
            ]),
    ]);

    /// <summary>
    /// The served model for a board. <paramref name="serialNumber"/> null uses the device ID;
    /// <paramref name="testEventTriggers"/> adds the lab command to DeviceInfo (only when the
    /// device has a test enable key).
    /// </summary>
    public static DeviceModel Create(BoardDefinition board, string deviceId, string? serialNumber, ILoadControl load, bool testEventTriggers = false)
    {
        ArgumentNullException.ThrowIfNull(board);
        ArgumentNullException.ThrowIfNull(load);
        DeviceDeclaration declaration = Declare(board.EndpointType, testEventTriggers);
        return new DeviceModel(declaration, (endpoint, feature) => feature.Id switch
        {
            FeatureIds.DeviceInfo => new DeviceInfoFeature(feature, board, deviceId, serialNumber, declaration),
            FeatureIds.Status => new StatusFeature(feature, load),
            FeatureIds.Electrical => new ElectricalFeature(feature, board),
            FeatureIds.Measurement => new MeasurementFeature(feature, load),
            FeatureIds.EnergyControl => new EnergyControlFeature(feature, load, board.DeviceType),
            _ => throw new InvalidOperationException("no implementation for " + feature + " on " + endpoint),
        });
    }
}
