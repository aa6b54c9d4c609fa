namespace Mash.Device.Diagnostics;

/// <summary>Discards everything; for tests and tools that do not care about logs.</summary>
public sealed class NullLogSink : ILogSink
{
    public static readonly NullLogSink Instance = new();

    public LogLevel MinimumLevel => LogLevel.Error + 1;

    public void Write(LogLevel level, string component, string message)
    {
    }
}
