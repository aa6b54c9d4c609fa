using System;
using Mash.Device.Diagnostics;
using Mash.Device.Transport;
using Mash.Protocol.Certificates;
using Mash.Protocol.Commissioning;
using Mash.Protocol.Crypto;
using Mash.Protocol.Portable;
using Mash.Protocol.Wire;

namespace Mash.Device.Zones;

/// <summary>
/// Certificate renewal inside an operational session (messages 30-33): a fresh key and CSR on
/// request, and on install the new certificate is checked against the zone's own CA and the
/// pending key, then stored in the zone's record in one write. Until that write the old
/// certificate and key stay in force; any failure keeps them. The session is not interrupted:
/// the new certificate is presented from the next handshake on.
/// </summary>
public sealed class ZoneRenewal : IDisposable
{
    private readonly ZoneStore _zones;
    private readonly string _zoneId;
    private readonly string _deviceId;
    private readonly int _vendorId;
    private readonly int _productId;
    private readonly Logger _log;
    private EcKeyPair? _pendingKey;

    /// <summary>Checks use <see cref="ZoneStore.Time"/>: the last-known-good time while the clock is not set.</summary>
    public ZoneRenewal(ZoneStore zones, string zoneId, string deviceId, int vendorId, int productId, ILogSink log)
    {
        if (zones == null)
        {
            throw new ArgumentNullException(nameof(zones));
        }

        _zones = zones;
        _zoneId = zoneId;
        _deviceId = deviceId;
        _vendorId = vendorId;
        _productId = productId;
        _log = new Logger(log, "renewal");
    }

    public void Handle(DeviceConnection connection, byte[] frame)
    {
        if (connection == null)
        {
            throw new ArgumentNullException(nameof(connection));
        }

        RenewalMessage message;
        try
        {
            message = RenewalMessage.Decode(frame);
        }
        catch (WireFormatException ex)
        {
            _log.Warn($"#{connection.Id} {ex.Message}");
            connection.Send(RenewalMessage.NewAck(RenewalStatus.InvalidCertificate, 0).Encode());
            return;
        }

        switch (message.Type)
        {
            case RenewalMessage.Request:
                _pendingKey?.Dispose();
                _pendingKey = _zones.X509.GenerateP256KeyPair();
                connection.Send(RenewalMessage.NewCsr(DeviceCsr.Create(_zones.X509, _pendingKey, _deviceId, _vendorId, _productId)).Encode());
                _log.Info($"#{connection.Id} zone {_zoneId}: renewal CSR sent");
                break;
            case RenewalMessage.Install:
                connection.Send(Install(message).Encode());
                break;
            default:
                _log.Warn($"#{connection.Id} unexpected renewal message {message.Type}");
                break;
        }
    }

    public void Dispose()
    {
        _pendingKey?.Dispose();
        _pendingKey = null;
    }

    private RenewalMessage Install(RenewalMessage install)
    {
        if (_pendingKey is null)
        {
            return RenewalMessage.NewAck(RenewalStatus.NothingPending, 0);
        }

        ZoneRecord? zone = _zones.Find(_zoneId);
        if (zone is null)
        {
            return RenewalMessage.NewAck(RenewalStatus.NothingPending, 0);
        }

        string? problem = _zones.CheckOperationalCertificate(install.Data, zone.ZoneCaDer, _pendingKey.SubjectPublicKeyInfo);
        if (problem is not null)
        {
            _log.Warn($"zone {_zoneId}: renewal refused, keeping the current certificate: {problem}");
            return RenewalMessage.NewAck(RenewalStatus.InvalidCertificate, 0);
        }

        _zones.Replace(zone.WithOperationalCertificate(install.Data, Bytes.Copy(_pendingKey.Pkcs8PrivateKey)));
        _pendingKey.Dispose();
        _pendingKey = null;
        _log.Info($"zone {_zoneId}: operational certificate renewed (sequence {install.Sequence})");
        return RenewalMessage.NewAck(RenewalStatus.Success, install.Sequence);
    }
}
