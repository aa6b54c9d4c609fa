using Mash.Device.Transport;

namespace Mash.Device.Zones;

/// <summary>
/// What zone administration needs from the connection routing around it, so the zones do not
/// depend on commissioning (implemented by <c>Mash.Device.Composition.DeviceRouter</c>).
/// </summary>
public interface IZoneSessions
{
    /// <summary>The live connection of a zone, if any.</summary>
    DeviceConnection? ConnectionOf(string zoneId);

    /// <summary>Opens the commissioning window so another controller can join.</summary>
    void OpenCommissioningWindow(string reason);
}
