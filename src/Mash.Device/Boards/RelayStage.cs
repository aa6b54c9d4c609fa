namespace Mash.Device.Boards;

/// <summary>
/// One relay output and the power the load draws through it. Index is the 0-based position in
/// the board's relay list (logs show it 1-based as "relay N").
/// </summary>
public sealed class RelayStage
{
    public RelayStage(int index, string name, int pin, bool activeLow, int watts)
    {
        Index = index;
        Name = name;
        Pin = pin;
        ActiveLow = activeLow;
        Watts = watts;
    }

    public int Index { get; }

    public string Name { get; }

    public int Pin { get; }

    /// <summary>True when the relay closes on a low pin level (most opto-isolated relay boards).</summary>
    public bool ActiveLow { get; }

    public int Watts { get; }

    /// <summary>The pin level (true = high) that switches this relay on or off.</summary>
    public bool LevelFor(bool on) => on != ActiveLow;
}
