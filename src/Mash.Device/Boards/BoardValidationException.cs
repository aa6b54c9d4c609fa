using System;

namespace Mash.Device.Boards;

/// <summary>
/// A board definition that cannot be used. Field is the path of the offending value as it is
/// spelled in a board file (e.g. "relays[1].pin"), so file loaders can report it unchanged.
/// </summary>
public class BoardValidationException : Exception
{
    public BoardValidationException(string field, string message)
        : base(field + ": " + message)
    {
        Field = field;
        Problem = message;
    }

    public string Field { get; }

    /// <summary>The message without the field prefix.</summary>
    public string Problem { get; }
}
