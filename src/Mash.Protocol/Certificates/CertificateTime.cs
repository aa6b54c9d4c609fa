using System;

namespace Mash.Protocol.Certificates;

/// <summary>
/// The time a certificate's validity is checked at. With a synchronised wall clock that is the
/// current time, and NotBefore and NotAfter are both checked. Without one (an ESP32 boots in 1970
/// until SNTP answers) it is the device's last-known-good time, a lower bound of the real time:
/// a certificate that expired before it is certainly expired and refused, but NotBefore cannot be
/// judged and is not checked (the Matter SDK's rule; docs/commissioning.md, "When the device does
/// not know the time").
/// </summary>
public sealed class CertificateTime
{
    private CertificateTime(DateTime utc, bool isSynchronised)
    {
        Utc = utc;
        IsSynchronised = isSynchronised;
    }

    /// <summary>The current time when synchronised, else the last-known-good time (UTC).</summary>
    public DateTime Utc { get; }

    public bool IsSynchronised { get; }

    public static CertificateTime Synchronised(DateTime utcNow) => new(utcNow, true);

    public static CertificateTime LastKnownGood(DateTime lastKnownGood) => new(lastKnownGood, false);

    /// <summary>
    /// Null when a certificate valid from <paramref name="notBefore"/> to <paramref name="notAfter"/>
    /// is acceptable at this time, else why not, naming it <paramref name="what"/>. A synchronised
    /// check lets NotBefore be up to <paramref name="notBeforeSkew"/> in the future.
    /// </summary>
    public string? ValidityProblem(string what, DateTime notBefore, DateTime notAfter, TimeSpan notBeforeSkew)
    {
        if (!IsSynchronised)
        {
            return notAfter < Utc
                ? what + " expired at " + Format(notAfter) + ", before this device's last known good time " + Format(Utc) + " (its clock is not set)"
                : null;
        }

        if (Utc + notBeforeSkew < notBefore || Utc > notAfter)
        {
            return what + " is not valid now (" + Format(notBefore) + " to " + Format(notAfter) + ")";
        }

        return null;
    }

    /// <summary>"2025-01-01 00:00:00Z", the same on the host and on nanoFramework.</summary>
    public static string Format(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss") + "Z";

    public override string ToString() => IsSynchronised ? Format(Utc) : "last known good " + Format(Utc);
}
