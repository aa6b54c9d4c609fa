using System;
using Mash.Device.Boards;
using Mash.Protocol.Identity;

namespace Mash.Device.Discovery;

/// <summary>
/// The device facts every operational "_mash._tcp" instance carries besides its zone (TXT DI, VP,
/// FW, EP, FM; see <see cref="MashTxt.Operational"/>).
/// </summary>
public sealed class OperationalAdvert
{
    /// <summary>Feature map bit CORE (EnergyCore basics), the one feature a relay load always has.</summary>
    public const uint CoreFeature = 0x0001;

    /// <summary>Endpoint 0 (DeviceRoot) and endpoint 1 (the load), as every board declares.</summary>
    public const int BoardEndpointCount = 2;

    /// <param name="deviceId">16 lowercase hex digits; the DI of zones that do not name their own.</param>
    /// <param name="vendorId">TXT "VP", first half.</param>
    /// <param name="productId">TXT "VP", second half.</param>
    /// <param name="firmwareVersion">TXT "FW".</param>
    /// <param name="endpointCount">TXT "EP".</param>
    /// <param name="featureMap">TXT "FM".</param>
    public OperationalAdvert(string deviceId, int vendorId, int productId, string firmwareVersion, int endpointCount, uint featureMap)
    {
        if (!MashIds.IsValid(deviceId))
        {
            throw new ArgumentException($"device ID must be {MashIds.HexLength} lowercase hex digits, got \"{deviceId}\"", nameof(deviceId));
        }

        ArgumentNullException.ThrowIfNull(firmwareVersion);
        DeviceId = deviceId;
        VendorId = vendorId;
        ProductId = productId;
        FirmwareVersion = firmwareVersion;
        EndpointCount = endpointCount;
        FeatureMap = featureMap;
    }

    /// <summary>16 lowercase hex digits; the DI of zones that do not name their own.</summary>
    public string DeviceId { get; }

    public int VendorId { get; }

    public int ProductId { get; }

    public string FirmwareVersion { get; }

    public int EndpointCount { get; }

    public uint FeatureMap { get; }

    /// <summary>
    /// The operational facts of a device built on <paramref name="board"/>. Until the device model
    /// declares features per endpoint, the feature map is CORE only.
    /// </summary>
    public static OperationalAdvert FromBoard(BoardDefinition board, string deviceId)
    {
        ArgumentNullException.ThrowIfNull(board);
        return new OperationalAdvert(deviceId, board.VendorId, board.ProductId, board.FirmwareVersion, BoardEndpointCount, CoreFeature);
    }
}
