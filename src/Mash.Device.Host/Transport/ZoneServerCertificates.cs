using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using Mash.Device.Zones;

namespace Mash.Device.Host.Transport;

/// <summary>
/// Which certificate the device presents. TLS 1.3 sends the server certificate before the client
/// certificate, so the device cannot pick by the client's zone; an operational controller names
/// its zone in SNI (the 16-hex-digit zone ID) and gets that zone's operational certificate, which
/// chains to its own Zone CA. Without SNI, or with one that is no zone (the reference controller
/// sends the device ID, commissioning clients send none), the device presents its self-signed
/// identity certificate. Read on TLS threads, replaced by the zone store on the scheduler thread.
/// </summary>
public sealed class ZoneServerCertificates : IDisposable
{
    private readonly X509Certificate2 _identity;
    private Dictionary<string, X509Certificate2> _byZone = new(StringComparer.Ordinal);

    public ZoneServerCertificates(X509Certificate2 identity)
    {
        _identity = identity;
    }

    public X509Certificate2 Select(string? serverName)
    {
        Dictionary<string, X509Certificate2> map = Volatile.Read(ref _byZone);
        if (serverName is not null)
        {
            string name = serverName.Split('.')[0].ToLowerInvariant();
            if (map.TryGetValue(name, out X509Certificate2? certificate))
            {
                return certificate;
            }
        }

        return _identity;
    }

    public void Replace(IReadOnlyList<ZoneRecord> zones)
    {
        ArgumentNullException.ThrowIfNull(zones);
        var map = new Dictionary<string, X509Certificate2>(StringComparer.Ordinal);
        foreach (ZoneRecord zone in zones)
        {
            using var key = ECDsa.Create();
            key.ImportPkcs8PrivateKey(zone.OperationalKeyPkcs8, out _);
            using X509Certificate2 publicOnly = X509CertificateLoader.LoadCertificate(zone.OperationalCertificateDer);
            map[zone.ZoneId] = publicOnly.CopyWithPrivateKey(key);
        }

        // Old certificates may still be in use by a handshake in flight; they are left to the GC.
        Volatile.Write(ref _byZone, map);
    }

    public void Dispose()
    {
        foreach (X509Certificate2 c in Volatile.Read(ref _byZone).Values)
        {
            c.Dispose();
        }
    }
}
