using System;
using System.Security.Cryptography;

namespace Mash.Controller.Transport;

/// <summary>
/// Reconnection backoff ([63] transport.md section 7): 1 s, doubling up to 60 s, then 60 s for
/// ever; optionally plus a jitter of up to 25 % of the base delay so that controllers that lost
/// the same device do not all come back in the same instant. Not thread-safe; one per connection.
/// </summary>
public sealed class ReconnectPolicy
{
    /// <summary>Fraction of the base delay that jitter may add.</summary>
    public const double MaxJitterFraction = 0.25;

    private readonly Func<double> _unitRandom;
    private TimeSpan _nextBase;

    /// <summary>Creates a policy with the protocol's delays.</summary>
    /// <param name="jitter">Add random(0, base x 0.25) to each delay.</param>
    /// <param name="unitRandom">Source of numbers in [0, 1) for the jitter; tests pass a fixed one.</param>
    public ReconnectPolicy(bool jitter = false, Func<double>? unitRandom = null)
        : this(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), jitter, unitRandom)
    {
    }

    /// <summary>Creates a policy with explicit delays.</summary>
    public ReconnectPolicy(TimeSpan initialDelay, TimeSpan maxDelay, bool jitter = false, Func<double>? unitRandom = null)
    {
        if (initialDelay <= TimeSpan.Zero || maxDelay < initialDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(initialDelay), "The initial delay must be positive and not above the maximum.");
        }

        InitialDelay = initialDelay;
        MaxDelay = maxDelay;
        Jitter = jitter;
        _unitRandom = unitRandom ?? SecureUnitRandom;
        _nextBase = initialDelay;
    }

    /// <summary>First delay after a loss or a reset.</summary>
    public TimeSpan InitialDelay { get; }

    /// <summary>Upper bound of the base delay.</summary>
    public TimeSpan MaxDelay { get; }

    /// <summary>Whether jitter is added.</summary>
    public bool Jitter { get; }

    /// <summary>Delays handed out since the last reset.</summary>
    public int Attempts { get; private set; }

    /// <summary>Returns the delay before the next attempt and advances the backoff.</summary>
    public TimeSpan NextDelay()
    {
        TimeSpan baseDelay = _nextBase;
        TimeSpan doubled = baseDelay * 2;
        _nextBase = doubled > MaxDelay ? MaxDelay : doubled;
        Attempts++;
        if (!Jitter)
        {
            return baseDelay;
        }

        double unit = Math.Clamp(_unitRandom(), 0.0, 1.0);
        return baseDelay + (baseDelay * (MaxJitterFraction * unit));
    }

    /// <summary>Back to the initial delay; call after a successful, authenticated reconnect.</summary>
    public void Reset()
    {
        _nextBase = InitialDelay;
        Attempts = 0;
    }

    private static double SecureUnitRandom() => RandomNumberGenerator.GetInt32(int.MaxValue) / (double)int.MaxValue;
}
