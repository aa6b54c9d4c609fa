namespace Mash.Device.Relays;

/// <summary>
/// Platform seam for relay outputs. The driver owns the electrical side: it knows each relay's
/// pin and active level (from the board's <c>RelayStage</c>) and turns "on" into the right level.
/// A new driver has every relay off. Set may throw when the hardware fails; callers log it.
/// </summary>
public interface IRelayDriver
{
    int Count { get; }

    // CA1716: C#-only firmware; Set(index, on) reads best at call sites. A pragma, not
    // [SuppressMessage], which nanoFramework's mscorlib does not have.
#pragma warning disable CA1716
    void Set(int index, bool on);
#pragma warning restore CA1716
}
