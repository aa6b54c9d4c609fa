namespace Mash.Device.Boards;

/// <summary>
/// The local button: a short press opens the commissioning window, holding it for
/// LongPressSeconds asks for a factory reset.
/// </summary>
public sealed class ButtonConfig
{
    public ButtonConfig(int pin, bool activeLow, int longPressSeconds)
    {
        Pin = pin;
        ActiveLow = activeLow;
        LongPressSeconds = longPressSeconds;
    }

    public int Pin { get; }

    public bool ActiveLow { get; }

    public int LongPressSeconds { get; }
}
