using System;
using System.Globalization;

namespace Mash.Protocol.Pics;

/// <summary>One finding about a PICS file, tied to a line where there is one.</summary>
/// <param name="Line">1-based line number; 0 when the finding is about something absent and no line fits.</param>
/// <param name="Code">The PICS code concerned, when there is one.</param>
/// <param name="Message">One sentence a user can act on.</param>
/// <param name="Severity">Error or warning.</param>
public sealed record PicsDiagnostic(int Line, string? Code, string Message, PicsSeverity Severity = PicsSeverity.Error)
{
    /// <summary>The compiler-style form <c>FILE:LINE: message</c> (<c>FILE: message</c> without a line).</summary>
    public string Format(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        string where = Line > 0 ? fileName + ":" + Line.ToString(CultureInfo.InvariantCulture) : fileName;
        return where + ": " + (Severity == PicsSeverity.Warning ? "warning: " : string.Empty) + Message;
    }

    public override string ToString() => Format("pics");
}
