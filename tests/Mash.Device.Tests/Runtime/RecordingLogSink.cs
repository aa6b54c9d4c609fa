using System.Collections.Generic;
using Mash.Device.Diagnostics;

namespace Mash.Device.Tests.Runtime;

/// <summary>Keeps every log line so tests can assert what an operator would see.</summary>
internal sealed class RecordingLogSink : ILogSink
{
    private readonly List<(LogLevel Level, string Component, string Message)> _lines = new();

    public LogLevel MinimumLevel => LogLevel.Trace;

    /// <summary>A snapshot of the lines written so far.</summary>
    public List<(LogLevel Level, string Component, string Message)> Lines
    {
        get
        {
            lock (_lines)
            {
                return new List<(LogLevel Level, string Component, string Message)>(_lines);
            }
        }
    }

    public void Write(LogLevel level, string component, string message)
    {
        lock (_lines)
        {
            _lines.Add((level, component, message));
        }
    }
}
