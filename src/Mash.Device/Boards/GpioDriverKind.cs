namespace Mash.Device.Boards;

/// <summary>Which GPIO implementation drives a board's pins.</summary>
public enum GpioDriverKind
{
    /// <summary>Simulated pins (host build, tests); nothing electrical happens.</summary>
    Sim = 0,

    /// <summary>Linux character-device GPIO through libgpiod, on the board's chip number.</summary>
    Gpiod = 1,

    /// <summary>
    /// The platform's own GPIO (a nanoFramework port on the microcontroller). The host build
    /// cannot drive it; such boards are data for the port and for tests.
    /// </summary>
    Native = 2,
}
