using System;
using Mash.Device.Diagnostics;

namespace Mash.Fuzz.Targets;

/// <summary>
/// Remembers the first error the scheduler logs for a callback that threw, so a target can turn
/// an exception the loop swallowed into a crash the fuzzer sees.
/// </summary>
internal sealed class ThrowingLogSink : ILogSink
{
    private string? _failure;

    public LogLevel MinimumLevel => LogLevel.Error;

    public void Write(LogLevel level, string component, string message)
    {
        if (level >= LogLevel.Error && message.Contains("callback threw", StringComparison.Ordinal))
        {
            _failure ??= component + ": " + message;
        }
    }

    public void ThrowIfCallbackFailed()
    {
        if (_failure is not null)
        {
            throw new FuzzInvariantException(_failure);
        }
    }
}
