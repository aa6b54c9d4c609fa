using System;
using Mash.Protocol.Portable;

namespace Mash.Device.Commissioning;

/// <summary>
/// Brute-force protection for the 27-bit setup code. After the k-th failed PASE confirmation the
/// next attempt is accepted only after 2^(k-1) s (1, 2, 4, ... capped at 60 s); after
/// <see cref="MaxFailures"/> failures the window closes. Never a permanent lockout: the count
/// resets on a successful PASE, on reboot (it lives in RAM only) and when a user reopens the
/// window locally. With 10 attempts per window an attacker needs on average 5 million window
/// openings, each needing physical access, to guess a code.
/// </summary>
public sealed class PaseAttemptLimiter
{
    public const int MaxFailures = 10;
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(60);

    private TimeSpan _notBefore;

    public int Failures { get; private set; }

    public bool Exhausted => Failures >= MaxFailures;

    /// <summary>How long the next attempt must still wait at monotonic time <paramref name="now"/>.</summary>
    public TimeSpan WaitAt(TimeSpan now) => _notBefore > now ? _notBefore - now : TimeSpan.Zero;

    /// <summary>Counts a failure; returns the back-off before the next attempt.</summary>
    public TimeSpan RecordFailure(TimeSpan now)
    {
        Failures++;
        TimeSpan backoff = BackoffAfter(Failures);
        _notBefore = now + backoff;
        return backoff;
    }

    public void Reset()
    {
        Failures = 0;
        _notBefore = TimeSpan.Zero;
    }

    public static TimeSpan BackoffAfter(int failures)
    {
        if (failures <= 0)
        {
            return TimeSpan.Zero;
        }

        TimeSpan backoff = TimeSpan.FromSeconds(1L << Maths.Min(failures - 1, 10));
        return backoff >= MaxBackoff ? MaxBackoff : backoff;
    }
}
