using System.Collections.Generic;
using Mash.Device.Diagnostics;

namespace Mash.Device.Tests;

/// <summary>Keeps every log line so tests can assert what an operator would read.</summary>
internal sealed class CollectingLogSink : ILogSink
{
    private readonly List<(LogLevel Level, string Component, string Message)> _lines = [];

    public LogLevel MinimumLevel { get; init; } = LogLevel.Trace;

    public IReadOnlyList<(LogLevel Level, string Component, string Message)> Lines => _lines;

    public void Write(LogLevel level, string component, string message) => _lines.Add((level, component, message));
}
