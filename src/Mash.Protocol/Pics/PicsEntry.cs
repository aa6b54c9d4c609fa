namespace Mash.Protocol.Pics;

/// <summary>One <c>CODE=VALUE</c> line of a PICS file.</summary>
/// <param name="Code">The code as written (codes compare case-insensitively).</param>
/// <param name="Value">The value.</param>
/// <param name="Line">1-based line number.</param>
/// <param name="HasTrailingComment">A <c># comment</c> follows the value on the same line.</param>
public sealed record PicsEntry(string Code, PicsValue Value, int Line, bool HasTrailingComment = false);
