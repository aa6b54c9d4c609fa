using System;
using Mash.Device.Load;
using Mash.Protocol.Portable;

namespace Mash.Device.Interaction;

/// <summary>
/// Enables the test event triggers: a 128-bit enable key (never set by default; all zeros is
/// refused, as it would be guessable) and the timers the triggers act on.
/// </summary>
public sealed class TestEventTriggerSettings
{
    private readonly byte[] _key;

    public TestEventTriggerSettings(byte[] enableKey, ITestTimerControl? timers = null)
    {
        ArgumentNullException.ThrowIfNull(enableKey);
        if (enableKey.Length != TestEventTriggers.EnableKeyLength)
        {
            throw new ArgumentException("the test enable key must be " + TestEventTriggers.EnableKeyLength + " bytes", nameof(enableKey));
        }

        int bits = 0;
        for (int i = 0; i < enableKey.Length; i++)
        {
            bits |= enableKey[i];
        }

        if (bits == 0)
        {
            throw new ArgumentException("an all-zero test enable key would enable test triggers for anyone", nameof(enableKey));
        }

        _key = Bytes.Copy(enableKey);
        Timers = timers;
    }

    /// <summary>Null when nothing implements the timer triggers yet (they answer UNSUPPORTED).</summary>
    public ITestTimerControl? Timers { get; }

    /// <summary>Compares in time independent of where the first difference is.</summary>
    public bool KeyMatches(byte[] candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        return Bytes.FixedTimeEquals(_key, candidate);
    }
}
