using System.Collections.Generic;
using Mash.Device.Diagnostics;

namespace Mash.Device.Host.Tests;

/// <summary>Keeps every log line so tests can assert what an operator would read.</summary>
internal sealed class CollectingLogSink : ILogSink
{
    private readonly List<(LogLevel Level, string Component, string Message)> _lines = [];
    private readonly object _gate = new();

    public LogLevel MinimumLevel { get; init; } = LogLevel.Trace;

    public IReadOnlyList<(LogLevel Level, string Component, string Message)> Lines
    {
        get
        {
            lock (_gate)
            {
                return _lines.ToArray();
            }
        }
    }

    public void Write(LogLevel level, string component, string message)
    {
        lock (_gate)
        {
            _lines.Add((level, component, message));
        }
    }
}
