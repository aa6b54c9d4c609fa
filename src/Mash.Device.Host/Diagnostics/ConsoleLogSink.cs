using System;
using System.Globalization;
using System.IO;
using Mash.Device.Diagnostics;

namespace Mash.Device.Host.Diagnostics;

/// <summary>
/// Writes one structured line per event to stderr: <c>2026-11-23T10:00:00.123Z INFO  component: message</c>.
/// stdout stays free for the identity block, which scripts parse.
/// </summary>
public sealed class ConsoleLogSink : ILogSink
{
    private readonly TextWriter _writer;
    private readonly object _gate = new();

    public ConsoleLogSink(LogLevel minimumLevel, TextWriter? writer = null)
    {
        MinimumLevel = minimumLevel;
        _writer = writer ?? Console.Error;
    }

    public LogLevel MinimumLevel { get; }

    public void Write(LogLevel level, string component, string message)
    {
        if (level < MinimumLevel)
        {
            return;
        }

        string line = string.Create(
            CultureInfo.InvariantCulture,
            $"{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {Name(level),-5} {component}: {message}");
        lock (_gate)
        {
            _writer.WriteLine(line);
            _writer.Flush();
        }
    }

    public static bool TryParseLevel(string text, out LogLevel level)
    {
        switch (text.ToUpperInvariant())
        {
            case "TRACE": level = LogLevel.Trace; return true;
            case "DEBUG": level = LogLevel.Debug; return true;
            case "INFO": level = LogLevel.Info; return true;
            case "WARN": case "WARNING": level = LogLevel.Warn; return true;
            case "ERROR": level = LogLevel.Error; return true;
            default: level = LogLevel.Info; return false;
        }
    }

    private static string Name(LogLevel level) => level switch
    {
        LogLevel.Trace => "TRACE",
        LogLevel.Debug => "DEBUG",
        LogLevel.Info => "INFO",
        LogLevel.Warn => "WARN",
        _ => "ERROR",
    };
}
