namespace Mash.Device.Diagnostics;

/// <summary>Severity of a log line, most verbose first.</summary>
public enum LogLevel
{
    Trace = 0,
    Debug = 1,
    Info = 2,
    Warn = 3,
    Error = 4,
}
