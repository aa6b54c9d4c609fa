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

    private RelayStageList _relays = RelayStageList.Empty;
    private DeviceCategoryList _categories = DeviceCategoryList.Empty;

    /// <summary>Board id, also the file name stem ("host-sim" for boards/host-sim.json).</summary>
    public string Name { get; set; } = string.Empty;

    public string Description { get; set; } = string.Empty;

    public string VendorName { get; set; } = string.Empty;

    public string ProductName { get; set; } = string.Empty;

    /// <summary>mDNS "brand" TXT value (at most 32 characters).</summary>
    public string Brand { get; set; } = string.Empty;

    /// <summary>mDNS "model" TXT value (at most 32 characters).</summary>
    public string Model { get; set; } = string.Empty;

    /// <summary>uint16 on the wire; int here so out-of-range input can be reported, not wrapped.</summary>
    public int VendorId { get; set; }

    public int ProductId { get; set; }

    public string FirmwareVersion { get; set; } = string.Empty;

    public string HardwareVersion { get; set; } = string.Empty;

    public DeviceType DeviceType { get; set; }

    /// <summary>Type of the load endpoint (endpoint 1); endpoint 0 is always DeviceRoot.</summary>
    public EndpointType EndpointType { get; set; }

    /// <summary>mDNS categories announced for this device, in announcement order.</summary>
    public DeviceCategoryList Categories
    {
        get => _categories;
        set => _categories = value ?? DeviceCategoryList.Empty;
    }

    public GpioDriverKind GpioDriver { get; set; } = GpioDriverKind.Sim;

    /// <summary>gpiochip number for <see cref="GpioDriverKind.Gpiod"/>; 0 otherwise.</summary>
    public int GpioChip { get; set; }

    /// <summary>Relay stages in board order; element i has Index i.</summary>
    public RelayStageList Relays
    {
        get => _relays;
        set => _relays = value ?? RelayStageList.Empty;
    }

    /// <summary>Shortest time between two switchings of one relay (contact wear); 0 = no limit.</summary>
    public int MinSwitchIntervalSeconds { get; set; } = DefaultMinSwitchIntervalSeconds;

    public PowerOnState PowerOnState { get; set; } = PowerOnState.Off;

    public ButtonConfig? Button { get; set; }

    public PinConfig? StatusLed { get; set; }

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
}
