using System;
using Mash.Protocol.Identity;
using Mash.Protocol.Portable;
using Mash.Protocol.Wire;
using Mash.Protocol.Zones;

namespace Mash.Device.Zones;

/// <summary>
/// One zone slot as stored in flash (zone-lifecycle.md 3.3): zone ID, type and priority, the Zone CA
/// certificate, this device's operational certificate and its private key, when it was commissioned.
/// One flash record per zone, so a zone is written or removed in one atomic step.
/// CBOR: {1: format 1, 2: zone ID, 3: type, 4: priority, 5: CA DER, 6: op cert DER, 7: op key PKCS#8, 8: commissioned (unix s)}.
/// </summary>
public sealed class ZoneRecord
{
    public ZoneRecord(
        string zoneId,
        ZoneType type,
        byte priority,
        byte[] zoneCaDer,
        byte[] operationalCertificateDer,
        byte[] operationalKeyPkcs8,
        DateTime commissionedAt)
    {
        ZoneId = zoneId;
        Type = type;
        Priority = priority;
        ZoneCaDer = zoneCaDer;
        OperationalCertificateDer = operationalCertificateDer;
        OperationalKeyPkcs8 = operationalKeyPkcs8;
        CommissionedAt = commissionedAt;
    }

    public string ZoneId { get; }

    public ZoneType Type { get; }

    public byte Priority { get; }

    public byte[] ZoneCaDer { get; }

    public byte[] OperationalCertificateDer { get; }

    /// <summary>The operational private key, PKCS#8 DER. Secret.</summary>
    public byte[] OperationalKeyPkcs8 { get; }

    /// <summary>When the zone was commissioned (UTC; 1970 on a device whose clock was not set then).</summary>
    public DateTime CommissionedAt { get; }

    public const string KeyPrefix = "zone.";
    private const int FormatVersion = 1;

    public string FlashKey => KeyPrefix + ZoneId;

    /// <summary>The same zone with a renewed operational certificate and key.</summary>
    public ZoneRecord WithOperationalCertificate(byte[] operationalCertificateDer, byte[] operationalKeyPkcs8) =>
        new(ZoneId, Type, Priority, ZoneCaDer, operationalCertificateDer, operationalKeyPkcs8, CommissionedAt);

    public byte[] Encode()
    {
        var w = new CborWriter();
        w.WriteStartMap(8);
        w.WriteInt32(1);
        w.WriteInt32(FormatVersion);
        w.WriteInt32(2);
        w.WriteTextString(ZoneId);
        w.WriteInt32(3);
        w.WriteInt32((int)Type);
        w.WriteInt32(4);
        w.WriteInt32(Priority);
        w.WriteInt32(5);
        w.WriteByteString(ZoneCaDer);
        w.WriteInt32(6);
        w.WriteByteString(OperationalCertificateDer);
        w.WriteInt32(7);
        w.WriteByteString(OperationalKeyPkcs8);
        w.WriteInt32(8);
        w.WriteInt64(UnixSeconds.FromDateTime(CommissionedAt));
        w.WriteEndMap();
        return w.Encode();
    }

    /// <summary>Decodes and checks a stored zone; throws <see cref="FormatException"/> naming the problem.</summary>
    public static ZoneRecord Decode(byte[] data)
    {
        try
        {
            var r = new CborReader(data);
            int count = r.ReadStartMap();
            int format = 0;
            string? zoneId = null;
            int type = 0;
            int priority = 0;
            byte[]? ca = null;
            byte[]? op = null;
            byte[]? key = null;
            long commissioned = 0;
            for (int i = 0; i < count; i++)
            {
                switch (r.ReadInt32())
                {
                    case 1: format = r.ReadInt32(); break;
                    case 2: zoneId = r.ReadTextString(); break;
                    case 3: type = r.ReadInt32(); break;
                    case 4: priority = r.ReadInt32(); break;
                    case 5: ca = r.ReadByteString(); break;
                    case 6: op = r.ReadByteString(); break;
                    case 7: key = r.ReadByteString(); break;
                    case 8: commissioned = r.ReadInt64(); break;
                    default: r.SkipValue(); break;
                }
            }

            r.ReadEndMap();
            if (format != FormatVersion)
            {
                throw new FormatException($"zone record format {format} is not {FormatVersion}");
            }

            if (!MashIds.IsValid(zoneId))
            {
                throw new FormatException("zone record has no valid zone ID");
            }

            if (type is < 1 or > 4 || priority is < 0 or > 255)
            {
                throw new FormatException($"zone record has zone type {type}, not 1..4");
            }

            if (ca is null || op is null || key is null)
            {
                throw new FormatException("zone record lacks a certificate or key");
            }

            return new ZoneRecord(zoneId!, (ZoneType)type, (byte)priority, ca, op, key, UnixSeconds.ToDateTime(commissioned));
        }
        catch (Exception ex) when (ex is CborContentException or InvalidOperationException)
        {
            throw new FormatException($"zone record is damaged: {ex.Message}", ex);
        }
    }
}
