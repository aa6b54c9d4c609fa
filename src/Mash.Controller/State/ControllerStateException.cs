using System;

namespace Mash.Controller.State;

/// <summary>
/// The controller's local state cannot be used: unreadable or damaged files, a zone of another
/// type than requested, or a folder that cannot be written. The message names the folder or
/// file and what to do.
/// </summary>
public sealed class ControllerStateException : Exception
{
    public ControllerStateException()
    {
    }

    public ControllerStateException(string message)
        : base(message)
    {
    }

    public ControllerStateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
