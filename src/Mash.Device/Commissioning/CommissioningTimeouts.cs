using System;

namespace Mash.Device.Commissioning;

/// <summary>Phase timeouts (MASH.S.COMM.PASE_TIMEOUT, CSR_TIMEOUT, CERT_TIMEOUT).</summary>
public sealed class CommissioningTimeouts
{
    private const long TicksPerSecond = 10_000_000;

    public static readonly CommissioningTimeouts Default = new(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30));

    public CommissioningTimeouts(TimeSpan pase, TimeSpan csr, TimeSpan certificate)
    {
        Pase = pase;
        Csr = csr;
        Certificate = certificate;
    }

    public TimeSpan Pase { get; }

    public TimeSpan Csr { get; }

    public TimeSpan Certificate { get; }

    /// <summary>A duration in whole seconds, rounded to the nearest, for log and error text.</summary>
    internal static long Seconds(TimeSpan span) => (span.Ticks + (TicksPerSecond / 2)) / TicksPerSecond;

    /// <summary>A wait in whole seconds, rounded up (so "try again in N s" is never too early).</summary>
    internal static long SecondsRoundedUp(TimeSpan span) => (span.Ticks + TicksPerSecond - 1) / TicksPerSecond;

    public override bool Equals(object? obj) =>
        obj is CommissioningTimeouts other && other.Pase == Pase && other.Csr == Csr && other.Certificate == Certificate;

    public override int GetHashCode() => Pase.GetHashCode() ^ (Csr.GetHashCode() * 31) ^ (Certificate.GetHashCode() * 961);

    public override string ToString() =>
        $"CommissioningTimeouts {{ Pase = {Seconds(Pase)} s, Csr = {Seconds(Csr)} s, Certificate = {Seconds(Certificate)} s }}";
}
