using System.Diagnostics.CodeAnalysis;

namespace Mash.Device.Relays;

/// <summary>
/// Platform seam for relay outputs. The driver owns the electrical side: it knows each relay's
/// pin and active level (from the board's <c>RelayStage</c>) and turns "on" into the right level.
/// A new driver has every relay off. Set may throw when the hardware fails; callers log it.
/// </summary>
public interface IRelayDriver
{
    int Count { get; }

    [SuppressMessage("Naming", "CA1716", Justification = "C#-only firmware; Set(index, on) reads best at call sites.")]
    void Set(int index, bool on);
}
