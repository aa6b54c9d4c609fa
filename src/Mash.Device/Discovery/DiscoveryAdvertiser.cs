using System;

namespace Mash.Device.Discovery;

/// <summary>
/// The device's DNS-SD presence, kept in step with its state: the commissionable instance while
/// the commissioning window is open, one operational instance per zone. It turns that state into
/// services and hands them to the responder of every link. Loop thread only.
/// </summary>
public sealed class DiscoveryAdvertiser
{
    public const string CommissionableServiceType = "_mashc._udp";
    public const string OperationalServiceType = "_mash._tcp";

    private readonly MdnsResponder[] _links;
    private OperationalZone[] _zones = new OperationalZone[0];
    private DnsSdService[] _services = new DnsSdService[0];

    /// <param name="port">The TLS port every instance's SRV record names.</param>
    /// <param name="device">Facts every operational instance carries.</param>
    /// <param name="links">One responder per network interface.</param>
    public DiscoveryAdvertiser(ushort port, OperationalAdvert device, MdnsResponder[] links)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(links);
        Port = port;
        Device = device;
        _links = new MdnsResponder[links.Length];
        for (int i = 0; i < _links.Length; i++)
        {
            _links[i] = links[i] ?? throw new ArgumentException("a link cannot be null", nameof(links));
        }

        foreach (MdnsResponder link in _links)
        {
            link.Siblings = _links;
        }
    }

    public ushort Port { get; }

    public OperationalAdvert Device { get; }

    /// <summary>The responders, one per link (a copy).</summary>
    public MdnsResponder[] Links => (MdnsResponder[])_links.Clone();

    /// <summary>The open window's advert, or null while the window is closed.</summary>
    public CommissionableAdvert? Commissionable { get; private set; }

    /// <summary>The zones advertised (a copy).</summary>
    public OperationalZone[] Zones => (OperationalZone[])_zones.Clone();

    /// <summary>The instances currently advertised, commissionable first (a copy).</summary>
    public DnsSdService[] Services => (DnsSdService[])_services.Clone();

    /// <summary>Advertises "MASH-&lt;D&gt;._mashc._udp" (window open) or withdraws it with goodbyes (null).</summary>
    public void SetCommissionable(CommissionableAdvert? advert)
    {
        Commissionable = advert;
        Push();
    }

    /// <summary>One operational instance per zone, all with this device's ID.</summary>
    public void SetOperationalZones(string[] zoneIds)
    {
        ArgumentNullException.ThrowIfNull(zoneIds);
        var zones = new OperationalZone[zoneIds.Length];
        for (int i = 0; i < zones.Length; i++)
        {
            zones[i] = new OperationalZone(zoneIds[i], Device.DeviceId);
        }

        SetOperationalZones(zones);
    }

    /// <summary>One operational instance per zone, each with the device ID it has in that zone.</summary>
    public void SetOperationalZones(OperationalZone[] zones)
    {
        ArgumentNullException.ThrowIfNull(zones);
        var copy = new OperationalZone[zones.Length];
        for (int i = 0; i < copy.Length; i++)
        {
            copy[i] = zones[i] ?? throw new ArgumentException("a zone cannot be null", nameof(zones));
        }

        _zones = copy;
        Push();
    }

    /// <summary>Starts probing and announcing on every link.</summary>
    public void Start()
    {
        foreach (MdnsResponder link in _links)
        {
            link.Start();
        }
    }

    /// <summary>Goodbyes for everything on every link; the advertiser is done afterwards.</summary>
    public void Shutdown()
    {
        foreach (MdnsResponder link in _links)
        {
            link.Shutdown();
        }
    }

    private void Push()
    {
        CommissionableAdvert? advert = Commissionable;
        var services = new DnsSdService[(advert is null ? 0 : 1) + _zones.Length];
        int n = 0;
        if (advert is not null)
        {
            services[n++] = new DnsSdService(advert.InstanceLabel, CommissionableServiceType, Port, MashTxt.Commissionable(advert));
        }

        foreach (OperationalZone zone in _zones)
        {
            services[n++] = new DnsSdService(zone.InstanceLabel, OperationalServiceType, Port, MashTxt.Operational(Device, zone));
        }

        _services = services;
        foreach (MdnsResponder link in _links)
        {
            link.SetServices(_services);
        }
    }
}
