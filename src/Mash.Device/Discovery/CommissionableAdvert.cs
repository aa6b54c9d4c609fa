using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using Mash.Device.Boards;
using Mash.Protocol.Onboarding;

namespace Mash.Device.Discovery;

/// <summary>
/// What the device shows while its commissioning window is open: the "_mashc._udp" instance
/// "MASH-&lt;D&gt;" and its TXT record (see <see cref="MashTxt.Commissionable"/>).
/// </summary>
/// <remarks>
/// The instance label is "MASH-" plus the discriminator in decimal without padding, as the
/// behaviour spec writes it ("MASH-1234", and "MASH-42", not the reference's "MASH-0042").
/// Controllers match the discriminator by TXT "D", never by the label, so both interoperate.
/// </remarks>
public sealed class CommissionableAdvert
{
    private IReadOnlyList<DeviceCategory> _categories = new ReadOnlyCollection<DeviceCategory>(Array.Empty<DeviceCategory>());

    public required Discriminator Discriminator { get; init; }

    public required IReadOnlyList<DeviceCategory> Categories
    {
        get => _categories;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            var copy = new DeviceCategory[value.Count];
            for (int i = 0; i < copy.Length; i++)
            {
                copy[i] = value[i];
            }

            _categories = new ReadOnlyCollection<DeviceCategory>(copy);
        }
    }

    /// <summary>Printed on the label, so a user can pick the right device from a list.</summary>
    public required string Serial { get; init; }

    public required string Brand { get; init; }

    public required string Model { get; init; }

    /// <summary>User-set friendly name (TXT "DN"); null leaves the key out.</summary>
    public string? DeviceName { get; init; }

    public required int VendorId { get; init; }

    public required int ProductId { get; init; }

    public required DeviceType DeviceType { get; init; }

    public string InstanceLabel => "MASH-" + Discriminator.Value.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The advert of a device built on <paramref name="board"/>. The host build has no separate
    /// serial number, so it passes the device ID, which is also what its label shows.
    /// </summary>
    public static CommissionableAdvert FromBoard(BoardDefinition board, Discriminator discriminator, string serial, string? deviceName = null)
    {
        ArgumentNullException.ThrowIfNull(board);
        ArgumentException.ThrowIfNullOrEmpty(serial);
        return new CommissionableAdvert
        {
            Discriminator = discriminator,
            Categories = board.Categories.ToArray(),
            Serial = serial,
            Brand = board.Brand,
            Model = board.Model,
            DeviceName = deviceName,
            VendorId = board.VendorId,
            ProductId = board.ProductId,
            DeviceType = board.DeviceType,
        };
    }
}
