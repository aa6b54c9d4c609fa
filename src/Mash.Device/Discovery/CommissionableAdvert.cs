using System;
using System.Collections;
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
    private readonly DeviceCategory[] _categories;

    /// <param name="discriminator">TXT "D" and the instance label.</param>
    /// <param name="categories">TXT "cat" (copied).</param>
    /// <param name="serial">Printed on the label, so a user can pick the right device from a list.</param>
    /// <param name="brand">TXT "brand".</param>
    /// <param name="model">TXT "model".</param>
    /// <param name="deviceName">User-set friendly name (TXT "DN"); null leaves the key out.</param>
    /// <param name="vendorId">TXT "VP", first half.</param>
    /// <param name="productId">TXT "VP", second half.</param>
    /// <param name="deviceType">TXT "DT".</param>
    public CommissionableAdvert(
        Discriminator discriminator,
        DeviceCategory[] categories,
        string serial,
        string brand,
        string model,
        string? deviceName,
        int vendorId,
        int productId,
        DeviceType deviceType)
    {
        ArgumentNullException.ThrowIfNull(discriminator);
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(serial);
        ArgumentNullException.ThrowIfNull(brand);
        ArgumentNullException.ThrowIfNull(model);
        Discriminator = discriminator;
        _categories = (DeviceCategory[])categories.Clone();
        Serial = serial;
        Brand = brand;
        Model = model;
        DeviceName = deviceName;
        VendorId = vendorId;
        ProductId = productId;
        DeviceType = deviceType;
    }

    public Discriminator Discriminator { get; }

    /// <summary>The categories (a copy).</summary>
    public DeviceCategory[] Categories => (DeviceCategory[])_categories.Clone();

    /// <summary>Printed on the label, so a user can pick the right device from a list.</summary>
    public string Serial { get; }

    public string Brand { get; }

    public string Model { get; }

    /// <summary>User-set friendly name (TXT "DN"); null leaves the key out.</summary>
    public string? DeviceName { get; }

    public int VendorId { get; }

    public int ProductId { get; }

    public DeviceType DeviceType { get; }

    public string InstanceLabel => "MASH-" + Discriminator.ToString();

    /// <summary>
    /// The advert of a device built on <paramref name="board"/>. The host build has no separate
    /// serial number, so it passes the device ID, which is also what its label shows.
    /// </summary>
    public static CommissionableAdvert FromBoard(BoardDefinition board, Discriminator discriminator, string serial, string? deviceName = null)
    {
        ArgumentNullException.ThrowIfNull(board);
        ArgumentException.ThrowIfNullOrEmpty(serial);
        var categories = new ArrayList();
        foreach (DeviceCategory c in board.Categories)
        {
            categories.Add(c);
        }

        var copy = new DeviceCategory[categories.Count];
        for (int i = 0; i < copy.Length; i++)
        {
            copy[i] = (DeviceCategory)categories[i]!;
        }

        return new CommissionableAdvert(discriminator, copy, serial, board.Brand, board.Model, deviceName, board.VendorId, board.ProductId, board.DeviceType);
    }
}
