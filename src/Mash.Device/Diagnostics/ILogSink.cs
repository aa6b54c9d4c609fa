namespace Mash.Device.Diagnostics;

/// <summary>
/// Platform seam for log output. The core never writes to a console or file itself; the host
/// prints structured lines, tests collect them. Implementations must be thread-safe because
/// platform threads (sockets, GPIO) log too.
/// </summary>
public interface ILogSink
{
    /// <summary>The lowest level that is written; lower levels are skipped before formatting.</summary>
    LogLevel MinimumLevel { get; }

    void Write(LogLevel level, string component, string message);
}
