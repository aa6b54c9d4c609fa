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

    private readonly string _deviceId = string.Empty;

    /// <summary>16 lowercase hex digits; the DI of zones that do not name their own.</summary>
    public required string DeviceId
    {
        get => _deviceId;
        init
        {
            if (!MashIds.IsValid(value))
            {
                throw new ArgumentException($"device ID must be {MashIds.HexLength} lowercase hex digits, got \"{value}\"", nameof(value));
            }

            _deviceId = value;
        }
    }

    public required int VendorId { get; init; }

    public required int ProductId { get; init; }

    public required string FirmwareVersion { get; init; }

    public required int EndpointCount { get; init; }

    public required uint FeatureMap { get; init; }

    /// <summary>
    /// The operational facts of a device built on <paramref name="board"/>. Until the device model
    /// declares features per endpoint, the feature map is CORE only.
    /// </summary>
    public static OperationalAdvert FromBoard(BoardDefinition board, string deviceId)
    {
        ArgumentNullException.ThrowIfNull(board);
        return new OperationalAdvert
        {
            DeviceId = deviceId,
            VendorId = board.VendorId,
            ProductId = board.ProductId,
            FirmwareVersion = board.FirmwareVersion,
            EndpointCount = BoardEndpointCount,
            FeatureMap = CoreFeature,
        };
    }
}
