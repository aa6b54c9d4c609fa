using System;
using System.Collections;
using Mash.Device.Diagnostics;
using Mash.Device.Storage;
using Mash.Device.Transport;
using Mash.Protocol.Certificates;
using Mash.Protocol.Crypto;
using Mash.Protocol.Portable;

namespace Mash.Device.Zones;

/// <summary>
/// The device's zone slots (at most <see cref="MaxZones"/>), backed by one flash record each.
/// Loaded and validated at boot: a damaged record is reported and skipped, never trusted. Every
/// change is written to flash before it takes effect, and <see cref="Changed"/> tells the TLS
/// layer and discovery to refresh what they trust and advertise. Scheduler thread only.
/// </summary>
public sealed class ZoneStore
{
    public const int MaxZones = TransportLimits.MaxZones;

    private readonly IFlashStore _flash;
    private readonly Logger _log;
    private readonly ArrayList _zones = new();

    public ZoneStore(IFlashStore flash, ILogSink log, IX509 x509, CertificateClock time)
    {
        if (x509 == null)
        {
            throw new ArgumentNullException(nameof(x509));
        }

        if (time == null)
        {
            throw new ArgumentNullException(nameof(time));
        }

        _flash = flash;
        _log = new Logger(log, "zones");
        X509 = x509;
        Time = time;
    }

    /// <summary>The certificate seam: keys, CSRs and checks of what the zones present and install.</summary>
    public IX509 X509 { get; }

    /// <summary>The time certificates are checked at (last-known-good time while the clock is not set).</summary>
    public CertificateClock Time { get; }

    public int Count => _zones.Count;

    public bool IsFull => _zones.Count >= MaxZones;

    /// <summary>A snapshot of the stored zones.</summary>
    public ZoneRecord[] Zones
    {
        get
        {
            var zones = new ZoneRecord[_zones.Count];
            _zones.CopyTo(zones);
            return zones;
        }
    }

    /// <summary>
    /// Zone records found damaged by the last <see cref="Load"/>. They still prove the device was
    /// commissioned: a device with only damaged zones is not a new device (its failsafe holds and
    /// its commissioning window does not open by itself).
    /// </summary>
    public int DamagedRecords { get; private set; }

    /// <summary>True when flash held no zone record at all at boot, readable or damaged: a device never commissioned.</summary>
    public bool NeverCommissioned => _zones.Count == 0 && DamagedRecords == 0;

    /// <summary>Raised after a zone was added or removed (on the scheduler thread).</summary>
    public Action? Changed { get; set; }

    /// <summary>Reads every zone record; damaged ones are logged and left out. Returns the number of problems.</summary>
    public int Load()
    {
        _zones.Clear();
        var keys = new string[_flash.Limits.MaxKeys];
        int count = Maths.Min(_flash.CopyKeys(ZoneRecord.KeyPrefix, keys), keys.Length);
        int problems = 0;
        for (int i = 0; i < count; i++)
        {
            FlashRead read = _flash.Read(keys[i]);
            if (!read.IsOk)
            {
                problems++;
                _log.Error($"zone record {keys[i]} is unreadable ({read.Problem}); it is ignored and the zone must be commissioned again");
                continue;
            }

            try
            {
                ZoneRecord zone = ZoneRecord.Decode(read.Value!);
                if (zone.FlashKey != keys[i] || _zones.Count >= MaxZones)
                {
                    throw new FormatException("zone record is stored under the wrong key or exceeds the zone limit");
                }

                _zones.Add(zone);
            }
            catch (FormatException ex)
            {
                problems++;
                _log.Error($"zone record {keys[i]}: {ex.Message}; it is ignored and the zone must be commissioned again");
            }
        }

        DamagedRecords = problems;
        _log.Info($"{_zones.Count} of {MaxZones} zones in use");
        return problems;
    }

    public ZoneRecord? Find(string zoneId)
    {
        foreach (ZoneRecord z in _zones)
        {
            if (z.ZoneId == zoneId)
            {
                return z;
            }
        }

        return null;
    }

    /// <summary>
    /// The zone whose Zone CA issued the controller certificate <paramref name="certificateDer"/>,
    /// or null (the reason is logged). The certificate must fit the operational profile for
    /// clientAuth and be valid at <see cref="Time"/> (<see cref="ControllerCertificateCheck"/>):
    /// the platform's TLS may have checked it already, but the time rule of a device whose clock is
    /// not set is the core's. An accepted certificate raises the last-known-good time to its NotBefore.
    /// </summary>
    public ZoneRecord? FindByClientCertificate(byte[] certificateDer)
    {
        if (certificateDer == null)
        {
            throw new ArgumentNullException(nameof(certificateDer));
        }

        ZoneRecord[] zones = Zones;
        var cas = new byte[zones.Length][];
        for (int i = 0; i < zones.Length; i++)
        {
            cas[i] = zones[i].ZoneCaDer;
        }

        int index = ControllerCertificateCheck.FindIssuer(X509, certificateDer, cas, Time.Now(), out DateTime notBefore, out string? problem);
        if (index < 0)
        {
            _log.Warn("controller certificate refused: " + problem);
            return null;
        }

        Time.RaiseFromCertificate(notBefore, "the certificate of a controller of zone " + zones[index].ZoneId);
        return zones[index];
    }

    /// <summary>
    /// Null when <paramref name="operationalDer"/> may be installed as this device's certificate for
    /// the key <paramref name="expectedSubjectPublicKeyInfo"/> under <paramref name="zoneCaDer"/>, at <see cref="Time"/>; else why not.
    /// </summary>
    public string? CheckOperationalCertificate(byte[] operationalDer, byte[] zoneCaDer, byte[] expectedSubjectPublicKeyInfo) =>
        OperationalCertificateCheck.Problem(X509, operationalDer, zoneCaDer, expectedSubjectPublicKeyInfo, Time.Now());

    /// <summary>
    /// Stores a zone (persisted before this returns). A zone with the same Zone CA replaces the old
    /// slot (the same controller commissioning again); otherwise a full table throws <see cref="ZoneFullException"/>.
    /// </summary>
    public void Add(ZoneRecord zone)
    {
        if (zone == null)
        {
            throw new ArgumentNullException(nameof(zone));
        }

        ZoneRecord? sameCa = null;
        foreach (ZoneRecord z in _zones)
        {
            if (Bytes.AreEqual(z.ZoneCaDer, zone.ZoneCaDer) || z.ZoneId == zone.ZoneId)
            {
                sameCa = z;
            }
        }

        if (sameCa == null && IsFull)
        {
            throw new ZoneFullException(MaxZones);
        }

        _flash.Write(zone.FlashKey, zone.Encode());
        if (sameCa is not null)
        {
            _zones.Remove(sameCa);
            if (sameCa.FlashKey != zone.FlashKey)
            {
                _flash.Delete(sameCa.FlashKey);
            }

            _log.Info($"zone {sameCa.ZoneId} re-commissioned by the same Zone CA as {zone.ZoneId}");
        }

        _zones.Add(zone);
        RaiseTimeFrom(zone);
        _log.Info($"zone {zone.ZoneId} added ({zone.Type}, priority {zone.Priority}); {_zones.Count} of {MaxZones} zones in use");
        Changed?.Invoke();
    }

    /// <summary>Replaces a stored zone's record (renewed certificate); written before it takes effect.</summary>
    public void Replace(ZoneRecord zone)
    {
        if (zone == null)
        {
            throw new ArgumentNullException(nameof(zone));
        }

        int index = -1;
        for (int i = 0; i < _zones.Count; i++)
        {
            if (((ZoneRecord)_zones[i]!).ZoneId == zone.ZoneId)
            {
                index = i;
            }
        }

        if (index < 0)
        {
            throw new InvalidOperationException($"zone {zone.ZoneId} is not stored");
        }

        _flash.Write(zone.FlashKey, zone.Encode());
        _zones[index] = zone;
        RaiseTimeFrom(zone);
        Changed?.Invoke();
    }

    /// <summary>Removes a zone and erases its certificates and key. False when there is no such zone.</summary>
    public bool Remove(string zoneId)
    {
        ZoneRecord? zone = Find(zoneId);
        if (zone is null)
        {
            return false;
        }

        _flash.Delete(zone.FlashKey);
        _zones.Remove(zone);
        _log.Info($"zone {zoneId} removed; {_zones.Count} of {MaxZones} zones in use");
        Changed?.Invoke();
        return true;
    }

    /// <summary>An installed operational certificate was valid when it was checked: the time is at least its NotBefore.</summary>
    private void RaiseTimeFrom(ZoneRecord zone)
    {
        X509Info? certificate = X509.Parse(zone.OperationalCertificateDer, out _);
        if (certificate != null)
        {
            Time.RaiseFromCertificate(certificate.NotBefore, "the operational certificate of zone " + zone.ZoneId);
        }
    }
}
