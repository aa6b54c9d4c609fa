namespace Mash.Device.Diagnostics;

/// <summary>A log sink bound to one component name, so call sites stay short.</summary>
public sealed class Logger
{
    private readonly ILogSink _sink;

    public Logger(ILogSink sink, string component)
    {
        _sink = sink;
        Component = component;
    }

    public string Component { get; }

    public bool IsEnabled(LogLevel level) => level >= _sink.MinimumLevel;

    public void Trace(string message) => Write(LogLevel.Trace, message);

    public void Debug(string message) => Write(LogLevel.Debug, message);

    public void Info(string message) => Write(LogLevel.Info, message);

    public void Warn(string message) => Write(LogLevel.Warn, message);

    public void Error(string message) => Write(LogLevel.Error, message);

    /// <summary>Writes at <paramref name="level"/> if it is enabled.</summary>
    public void Write(LogLevel level, string message)
    {
        if (IsEnabled(level))
        {
            _sink.Write(level, Component, message);
        }
    }
}
