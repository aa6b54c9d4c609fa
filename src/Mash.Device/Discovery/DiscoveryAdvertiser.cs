using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;

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

    private static readonly ReadOnlyCollection<OperationalZone> NoZones = new(Array.Empty<OperationalZone>());

    private readonly MdnsResponder[] _links;
    private IReadOnlyList<OperationalZone> _zones = NoZones;
    private IReadOnlyList<DnsSdService> _services = new ReadOnlyCollection<DnsSdService>(Array.Empty<DnsSdService>());

    /// <param name="port">The TLS port every instance's SRV record names.</param>
    /// <param name="device">Facts every operational instance carries.</param>
    /// <param name="links">One responder per network interface.</param>
    public DiscoveryAdvertiser(ushort port, OperationalAdvert device, IReadOnlyList<MdnsResponder> links)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(links);
        Port = port;
        Device = device;
        _links = new MdnsResponder[links.Count];
        for (int i = 0; i < _links.Length; i++)
        {
            _links[i] = links[i] ?? throw new ArgumentException("a link cannot be null", nameof(links));
        }

        var siblings = new ReadOnlyCollection<MdnsResponder>(_links);
        foreach (MdnsResponder link in _links)
        {
            link.Siblings = siblings;
        }
    }

    public ushort Port { get; }

    public OperationalAdvert Device { get; }

    public IReadOnlyList<MdnsResponder> Links => new ReadOnlyCollection<MdnsResponder>(_links);

    /// <summary>The open window's advert, or null while the window is closed.</summary>
    public CommissionableAdvert? Commissionable { get; private set; }

    public IReadOnlyList<OperationalZone> Zones => _zones;

    /// <summary>The instances currently advertised, commissionable first.</summary>
    public IReadOnlyList<DnsSdService> Services => _services;

    /// <summary>Advertises "MASH-&lt;D&gt;._mashc._udp" (window open) or withdraws it with goodbyes (null).</summary>
    public void SetCommissionable(CommissionableAdvert? advert)
    {
        Commissionable = advert;
        Push();
    }

    /// <summary>One operational instance per zone, all with this device's ID.</summary>
    public void SetOperationalZones(IReadOnlyList<string> zoneIds)
    {
        ArgumentNullException.ThrowIfNull(zoneIds);
        var zones = new OperationalZone[zoneIds.Count];
        for (int i = 0; i < zones.Length; i++)
        {
            zones[i] = new OperationalZone(zoneIds[i], Device.DeviceId);
        }

        SetOperationalZones(zones);
    }

    /// <summary>One operational instance per zone, each with the device ID it has in that zone.</summary>
    public void SetOperationalZones(IReadOnlyList<OperationalZone> zones)
    {
        ArgumentNullException.ThrowIfNull(zones);
        var copy = new OperationalZone[zones.Count];
        for (int i = 0; i < copy.Length; i++)
        {
            copy[i] = zones[i] ?? throw new ArgumentException("a zone cannot be null", nameof(zones));
        }

        _zones = new ReadOnlyCollection<OperationalZone>(copy);
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
        var services = new List<DnsSdService>();
        if (Commissionable is { } advert)
        {
            services.Add(new DnsSdService(advert.InstanceLabel, CommissionableServiceType, Port, MashTxt.Commissionable(advert)));
        }

        foreach (OperationalZone zone in _zones)
        {
            services.Add(new DnsSdService(zone.InstanceLabel, OperationalServiceType, Port, MashTxt.Operational(Device, zone)));
        }

        _services = new ReadOnlyCollection<DnsSdService>(services);
        foreach (MdnsResponder link in _links)
        {
            link.SetServices(_services);
        }
    }
}
