using Mash.Device.Boards;

namespace Mash.Device.Tests.Boards;

/// <summary>Boards built in code, so each test can vary the one field it is about.</summary>
internal static class TestBoards
{
    public static RelayStage[] ThreeStages() =>
    [
        new RelayStage(0, "stage-1", 17, false, 1000),
        new RelayStage(1, "stage-2", 27, false, 2000),
        new RelayStage(2, "stage-3", 22, false, 3000),
    ];

    public static BoardDefinition WaterHeater(
        RelayStage[]? relays = null,
        string name = "test-board",
        int vendorId = 65521,
        int productId = 1,
        string firmwareVersion = "0.1.0",
        string brand = "MASH Smart-Load",
        EndpointType endpointType = EndpointType.WaterHeater,
        DeviceCategory[]? categories = null,
        GpioDriverKind gpioDriver = GpioDriverKind.Sim,
        int gpioChip = 0,
        int minSwitchIntervalSeconds = 10,
        PowerOnState powerOnState = PowerOnState.Off,
        ButtonConfig? button = null,
        PinConfig? statusLed = null,
        bool withButtonAndLed = true) =>
        new()
        {
            Name = name,
            VendorName = "MASH Smart-Load Project",
            ProductName = "Test Heater",
            Brand = brand,
            Model = "T-3",
            VendorId = vendorId,
            ProductId = productId,
            FirmwareVersion = firmwareVersion,
            DeviceType = DeviceType.WaterHeater,
            EndpointType = endpointType,
            Categories = categories ?? [DeviceCategory.Hvac],
            GpioDriver = gpioDriver,
            GpioChip = gpioChip,
            Relays = relays ?? ThreeStages(),
            MinSwitchIntervalSeconds = minSwitchIntervalSeconds,
            PowerOnState = powerOnState,
            Button = button ?? (withButtonAndLed ? new ButtonConfig(5, true, 10) : null),
            StatusLed = statusLed ?? (withButtonAndLed ? new PinConfig(6, false) : null),
        };
}
