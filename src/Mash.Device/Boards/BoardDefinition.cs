using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;

namespace Mash.Device.Boards;

/// <summary>
/// Everything the firmware needs to know about one hardware board: identity it announces,
/// which GPIO driver to use, its relay stages and local button/LED. Immutable once built; check
/// it with <see cref="BoardValidator"/> (loaders and <c>RelayBank</c> do).
/// </summary>
public sealed class BoardDefinition
{
    /// <summary>Used when a board file does not set minSwitchIntervalSeconds.</summary>
    public const int DefaultMinSwitchIntervalSeconds = 10;

    /// <summary>Used when a board file does not set button.longPressSeconds.</summary>
    public const int DefaultLongPressSeconds = 10;

    private static readonly ReadOnlyCollection<RelayStage> NoRelays = new(Array.Empty<RelayStage>());
    private static readonly ReadOnlyCollection<DeviceCategory> NoCategories = new(Array.Empty<DeviceCategory>());

    private ReadOnlyCollection<RelayStage> _relays = NoRelays;
    private ReadOnlyCollection<DeviceCategory> _categories = NoCategories;

    /// <summary>Board id, also the file name stem ("host-sim" for boards/host-sim.json).</summary>
    public required string Name { get; init; }

    public string Description { get; init; } = string.Empty;

    public required string VendorName { get; init; }

    public required string ProductName { get; init; }

    /// <summary>mDNS "brand" TXT value (at most 32 characters).</summary>
    public required string Brand { get; init; }

    /// <summary>mDNS "model" TXT value (at most 32 characters).</summary>
    public required string Model { get; init; }

    /// <summary>uint16 on the wire; int here so out-of-range input can be reported, not wrapped.</summary>
    public required int VendorId { get; init; }

    public required int ProductId { get; init; }

    public required string FirmwareVersion { get; init; }

    public string HardwareVersion { get; init; } = string.Empty;

    public required DeviceType DeviceType { get; init; }

    /// <summary>Type of the load endpoint (endpoint 1); endpoint 0 is always DeviceRoot.</summary>
    public required EndpointType EndpointType { get; init; }

    /// <summary>mDNS categories announced for this device, in announcement order.</summary>
    public IReadOnlyList<DeviceCategory> Categories
    {
        get => _categories;
        init => _categories = Copy(value);
    }

    public GpioDriverKind GpioDriver { get; init; } = GpioDriverKind.Sim;

    /// <summary>gpiochip number for <see cref="GpioDriverKind.Gpiod"/>; 0 otherwise.</summary>
    public int GpioChip { get; init; }

    /// <summary>Relay stages in board order; element i has Index i.</summary>
    public required IReadOnlyList<RelayStage> Relays
    {
        get => _relays;
        init => _relays = Copy(value);
    }

    /// <summary>Shortest time between two switchings of one relay (contact wear); 0 = no limit.</summary>
    public int MinSwitchIntervalSeconds { get; init; } = DefaultMinSwitchIntervalSeconds;

    public PowerOnState PowerOnState { get; init; } = PowerOnState.Off;

    public ButtonConfig? Button { get; init; }

    public PinConfig? StatusLed { get; init; }

    /// <summary>Power with every stage on.</summary>
    public long TotalWatts
    {
        get
        {
            long sum = 0;
            for (int i = 0; i < _relays.Count; i++)
            {
                sum += _relays[i].Watts;
            }

            return sum;
        }
    }

    // Copies so a caller cannot change a definition later through the list it passed in.
    private static ReadOnlyCollection<T> Copy<T>(IReadOnlyList<T>? source)
    {
        if (source is null)
        {
            return new ReadOnlyCollection<T>(Array.Empty<T>());
        }

        var items = new T[source.Count];
        for (int i = 0; i < items.Length; i++)
        {
            items[i] = source[i];
        }

        return new ReadOnlyCollection<T>(items);
    }
}
