using System;

namespace Mash.Device.Host.Boards;

/// <summary>
/// A board file that cannot be used. The message starts with the source, then the field path
/// of the offending value or, for broken JSON, its line and column:
/// "boards/x.json: relays[1].pin: expected ..." / "boards/x.json: line 4, column 9: invalid JSON: ...".
/// </summary>
public sealed class BoardFileException : Exception
{
    public BoardFileException(string sourceName, string? field, string problem, Exception? innerException = null)
        : base(sourceName + ": " + (field is null ? string.Empty : field + ": ") + problem, innerException)
    {
        SourceName = sourceName;
        Field = field;
        Problem = problem;
    }

    public BoardFileException(string sourceName, int line, int column, string problem, Exception? innerException = null)
        : base(sourceName + ": line " + line.ToString() + ", column " + column.ToString() + ": " + problem, innerException)
    {
        SourceName = sourceName;
        Problem = problem;
        Line = line;
        Column = column;
    }

    public string SourceName { get; }

    /// <summary>Path of the offending value ("relays[1].pin"); null for file-level and syntax problems.</summary>
    public string? Field { get; }

    public string Problem { get; }

    /// <summary>1-based line of a JSON syntax error; null otherwise.</summary>
    public int? Line { get; }

    /// <summary>1-based column (byte position) of a JSON syntax error; null otherwise.</summary>
    public int? Column { get; }
}
