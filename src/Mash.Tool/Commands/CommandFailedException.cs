using System;

namespace Mash.Tool.Commands;

/// <summary>
/// Ends a command with an exit code and the one-line reason printed on stderr. Thrown from deep
/// inside name resolution or a request, so every command reports failures the same way.
/// </summary>
internal sealed class CommandFailedException : Exception
{
    public CommandFailedException(int exitCode, string reason)
        : base(reason)
    {
        ExitCode = exitCode;
    }

    public CommandFailedException()
        : this(ExitCodes.Device, "failed")
    {
    }

    public CommandFailedException(string message)
        : this(ExitCodes.Device, message)
    {
    }

    public CommandFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
        ExitCode = ExitCodes.Device;
    }

    public int ExitCode { get; }

    public static CommandFailedException Usage(string reason) => new(ExitCodes.Usage, reason);

    public static CommandFailedException Device(string reason) => new(ExitCodes.Device, reason);

    public static CommandFailedException State(string reason) => new(ExitCodes.State, reason);
}
