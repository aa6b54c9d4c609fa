using System;
using Mash.Device.Diagnostics;
using Mash.Device.Runtime;
using Mash.Device.Storage;
using Mash.Protocol.Certificates;
using Mash.Protocol.Portable;

namespace Mash.Device.Zones;

/// <summary>
/// The time certificates are checked at (docs/commissioning.md, "When the device does not know
/// the time"). With a synchronised wall clock it is the current time. Without one it is the
/// last-known-good time, kept in flash as the Matter SDK does: a lower bound of the real time that
/// never moves back. It starts at the firmware's build time, is raised from synchronised time and
/// from the NotBefore of every certificate the device accepts (a controller's, checked against a
/// stored Zone CA) or installs (its own operational certificate), and survives restarts.
/// Scheduler thread only.
/// </summary>
public sealed class CertificateClock
{
    /// <summary>Flash record: 8 bytes, big-endian unix seconds.</summary>
    public const string FlashKey = "time.lkg";

    /// <summary>Synchronised time is written to flash only when it is this far ahead of the stored value (flash wear).</summary>
    public static readonly TimeSpan PersistStep = TimeSpan.FromDays(1);

    private readonly IClock _clock;
    private readonly IFlashStore _flash;
    private readonly Logger _log;
    private DateTime _stored;

    /// <param name="clock">The wall clock and whether it is set.</param>
    /// <param name="flash">Where the last-known-good time is kept.</param>
    /// <param name="log">Where damage of the record and the raises from certificates are told.</param>
    /// <param name="floor">The firmware's build time (or any time certainly past): the least last-known-good time.</param>
    public CertificateClock(IClock clock, IFlashStore flash, ILogSink log, DateTime floor)
    {
        if (clock == null)
        {
            throw new ArgumentNullException(nameof(clock));
        }

        if (flash == null)
        {
            throw new ArgumentNullException(nameof(flash));
        }

        _clock = clock;
        _flash = flash;
        _log = new Logger(log, "time");
        _stored = Read(flash, _log);
        LastKnownGood = _stored > floor ? _stored : floor;
    }

    /// <summary>The latest time the device knows has passed (UTC).</summary>
    public DateTime LastKnownGood { get; private set; }

    /// <summary>The time to check certificates at now; raises the last-known-good time when the clock is synchronised.</summary>
    public CertificateTime Now()
    {
        if (!_clock.IsSynchronised)
        {
            return CertificateTime.LastKnownGood(LastKnownGood);
        }

        DateTime now = _clock.UtcNow;
        if (now > LastKnownGood)
        {
            LastKnownGood = now;
            if (now - _stored >= PersistStep)
            {
                Persist();
            }
        }

        return CertificateTime.Synchronised(now);
    }

    /// <summary>
    /// A certificate the device trusts says the time is at least <paramref name="notBefore"/>:
    /// raise the last-known-good time to it (written at once). Never moves it back.
    /// </summary>
    public void RaiseFromCertificate(DateTime notBefore, string what)
    {
        if (notBefore <= LastKnownGood)
        {
            return;
        }

        LastKnownGood = notBefore;
        Persist();
        if (!_clock.IsSynchronised)
        {
            _log.Info("last known good time raised to " + CertificateTime.Format(notBefore) + " from " + what);
        }
    }

    private void Persist()
    {
        var value = new byte[8];
        BigEndian.WriteUInt64(value, 0, (ulong)UnixSeconds.FromDateTime(LastKnownGood));
        _flash.Write(FlashKey, value);
        _stored = UnixSeconds.ToDateTime(UnixSeconds.FromDateTime(LastKnownGood));
    }

    private static DateTime Read(IFlashStore flash, Logger log)
    {
        FlashRead read = flash.Read(FlashKey);
        if (read.IsOk && read.Value != null && read.Value.Length == 8)
        {
            return UnixSeconds.ToDateTime((long)BigEndian.ReadUInt64(read.Value, 0));
        }

        if (read.Status != FlashReadStatus.Missing)
        {
            log.Warn("the stored last known good time is damaged; starting from the firmware's build time");
        }

        return DateTime.MinValue;
    }
}
