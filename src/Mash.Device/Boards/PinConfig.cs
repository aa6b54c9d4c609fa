namespace Mash.Device.Boards;

/// <summary>A single digital pin and its active level, e.g. the status LED.</summary>
public sealed class PinConfig
{
    public PinConfig(int pin, bool activeLow)
    {
        Pin = pin;
        ActiveLow = activeLow;
    }

    public int Pin { get; }

    public bool ActiveLow { get; }
}
