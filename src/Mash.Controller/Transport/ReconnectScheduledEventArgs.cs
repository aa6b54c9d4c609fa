using System;

namespace Mash.Controller.Transport;

/// <summary>A reconnect attempt has been scheduled.</summary>
public sealed class ReconnectScheduledEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    public ReconnectScheduledEventArgs(TimeSpan delay, int attempt, Exception? lastError)
    {
        Delay = delay;
        Attempt = attempt;
        LastError = lastError;
    }

    /// <summary>Wait before the attempt.</summary>
    public TimeSpan Delay { get; }

    /// <summary>1 for the first attempt after a loss or a reset.</summary>
    public int Attempt { get; }

    /// <summary>Why the previous attempt failed; null when the delay follows a lost connection.</summary>
    public Exception? LastError { get; }
}
