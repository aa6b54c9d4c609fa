namespace Mash.Device.Boards;

/// <summary>
/// What the relays do when the device boots. Off is the default because an unattended reboot
/// must not start a load nobody asked for; installers opt into the others per board.
/// </summary>
public enum PowerOnState
{
    /// <summary>All relays stay off until a controller or the local logic switches them.</summary>
    Off = 0,

    /// <summary>All stages on (capped by a persisted failsafe or grid limit).</summary>
    On = 1,

    /// <summary>The relay states persisted before the reboot (capped like <see cref="On"/>).</summary>
    RestoreLast = 2,
}
