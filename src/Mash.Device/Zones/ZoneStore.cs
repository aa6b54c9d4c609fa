using System;
using System.Collections.Generic;
using System.Security.Cryptography.X509Certificates;
using Mash.Device.Diagnostics;
using Mash.Device.Storage;
using Mash.Device.Transport;

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
    private readonly List<ZoneRecord> _zones = new(MaxZones);

    public ZoneStore(IFlashStore flash, ILogSink log)
    {
        _flash = flash;
        _log = new Logger(log, "zones");
    }

    public int Count => _zones.Count;

    public bool IsFull => _zones.Count >= MaxZones;

    public IReadOnlyList<ZoneRecord> Zones => _zones;

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
        int count = Math.Min(_flash.CopyKeys(ZoneRecord.KeyPrefix, keys), keys.Length);
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

    /// <summary>The zone whose Zone CA issued <paramref name="certificate"/>, or null.</summary>
    public ZoneRecord? FindByClientCertificate(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        foreach (ZoneRecord zone in _zones)
        {
            using X509Certificate2 ca = X509CertificateLoader.LoadCertificate(zone.ZoneCaDer);
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid; // validity was checked at the handshake
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            if (chain.Build(certificate))
            {
                return zone;
            }
        }

        return null;
    }

    /// <summary>
    /// Stores a zone (persisted before this returns). A zone with the same Zone CA replaces the old
    /// slot (the same controller commissioning again); otherwise a full table throws <see cref="ZoneFullException"/>.
    /// </summary>
    public void Add(ZoneRecord zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ZoneRecord? sameCa = null;
        foreach (ZoneRecord z in _zones)
        {
            if (z.ZoneCaDer.AsSpan().SequenceEqual(zone.ZoneCaDer) || z.ZoneId == zone.ZoneId)
            {
                sameCa = z;
            }
        }

        if (sameCa is null && IsFull)
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
        _log.Info($"zone {zone.ZoneId} added ({zone.Type}, priority {zone.Priority}); {_zones.Count} of {MaxZones} zones in use");
        Changed?.Invoke();
    }

    /// <summary>Replaces a stored zone's record (renewed certificate); written before it takes effect.</summary>
    public void Replace(ZoneRecord zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        int index = _zones.FindIndex(z => z.ZoneId == zone.ZoneId);
        if (index < 0)
        {
            throw new InvalidOperationException($"zone {zone.ZoneId} is not stored");
        }

        _flash.Write(zone.FlashKey, zone.Encode());
        _zones[index] = zone;
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
}
