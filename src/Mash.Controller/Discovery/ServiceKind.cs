namespace Mash.Controller.Discovery;

/// <summary>Which MASH service an instance advertises.</summary>
public enum ServiceKind
{
    /// <summary><c>_mashc._udp</c>: the commissioning window is open; TXT D is the discriminator.</summary>
    Commissionable,

    /// <summary><c>_mash._tcp</c>: one instance per zone the device belongs to; TXT ZI and DI.</summary>
    Operational,
}
