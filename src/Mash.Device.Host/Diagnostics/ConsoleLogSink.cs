using System;
using System.Globalization;
using System.IO;
using Mash.Device.Diagnostics;

namespace Mash.Device.Host.Diagnostics;

/// <summary>
/// Writes one structured line per event to stderr: <c>2026-11-23T10:00:00.123Z INFO  component: message</c>.
/// stdout stays free for the identity block, which scripts parse. When stderr is systemd's
/// journal stream, lines are <c>&lt;6&gt;INFO  component: message</c> instead: journald stamps
/// the time itself and reads the syslog priority from the prefix (sd-daemon(3)).
/// </summary>
public sealed class ConsoleLogSink : ILogSink
{
    private readonly TextWriter _writer;
    private readonly object _gate = new();

    private readonly bool _journal;

    /// <param name="journal">Write for journald; null: when <paramref name="writer"/> is the process's stderr and that is the journal.</param>
    public ConsoleLogSink(LogLevel minimumLevel, TextWriter? writer = null, bool? journal = null)
    {
        MinimumLevel = minimumLevel;
        _writer = writer ?? Console.Error;
        _journal = journal ?? (writer is null && IsJournalStream(Environment.GetEnvironmentVariable("JOURNAL_STREAM"), StderrTarget()));
    }

    public LogLevel MinimumLevel { get; }

    /// <summary>
    /// True when JOURNAL_STREAM ("device:inode", set by systemd) names our stderr: systemd's
    /// advice, so a child whose stderr was redirected elsewhere keeps its timestamps.
    /// <paramref name="stderrTarget"/> is what /proc/self/fd/2 links to, "socket:[inode]".
    /// </summary>
    public static bool IsJournalStream(string? journalStream, string? stderrTarget)
    {
        int colon = journalStream?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        return colon > 0 && stderrTarget is not null && stderrTarget == $"socket:[{journalStream![(colon + 1)..]}]";
    }

    public void Write(LogLevel level, string component, string message)
    {
        if (level < MinimumLevel)
        {
            return;
        }

        string line = _journal
            ? string.Create(CultureInfo.InvariantCulture, $"<{Priority(level)}>{Name(level),-5} {component}: {message}")
            : string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {Name(level),-5} {component}: {message}");
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

    private static string? StderrTarget()
    {
        try
        {
            return new FileInfo("/proc/self/fd/2").LinkTarget;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>syslog priorities: 7 debug, 6 info, 4 warning, 3 error.</summary>
    private static int Priority(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => 7,
        LogLevel.Info => 6,
        LogLevel.Warn => 4,
        _ => 3,
    };

    private static string Name(LogLevel level) => level switch
    {
        LogLevel.Trace => "TRACE",
        LogLevel.Debug => "DEBUG",
        LogLevel.Info => "INFO",
        LogLevel.Warn => "WARN",
        _ => "ERROR",
    };
}
