using System;

namespace Mash.Protocol.Pics;

/// <summary>A parsed Conformance cell.</summary>
public sealed class PicsConformance
{
    private PicsConformance(string text, PicsConformanceKind kind, PicsCondition? condition, PicsValue? requiredValue)
    {
        Text = text;
        Kind = kind;
        Condition = condition;
        RequiredValue = requiredValue;
    }

    /// <summary>The cell as written ("O" when the row had no Conformance column).</summary>
    public string Text { get; }

    public PicsConformanceKind Kind { get; }

    /// <summary>For MandatoryIf, OptionalIf and AllowedIf.</summary>
    public PicsCondition? Condition { get; }

    /// <summary>The value <c>M (must be N)</c> demands, else null.</summary>
    public PicsValue? RequiredValue { get; }

    public static PicsConformance Optional { get; } = new("O", PicsConformanceKind.Optional, null, null);

    /// <summary>Reads <c>M</c>, <c>O</c>, <c>-</c>, <c>M (must be N)</c>, <c>M if X</c>, <c>O if X</c> or <c>[X]</c>.</summary>
    /// <exception cref="FormatException">Anything else.</exception>
    public static PicsConformance Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string s = text.Trim();
        switch (s)
        {
            case "":
            case "O":
                return new PicsConformance(s.Length == 0 ? "O" : s, PicsConformanceKind.Optional, null, null);
            case "M":
                return new PicsConformance(s, PicsConformanceKind.Mandatory, null, null);
            case "-":
                return new PicsConformance(s, PicsConformanceKind.Runtime, null, null);
            default:
                break;
        }

        const string MustBe = "M (must be ";
        if (s.StartsWith(MustBe, StringComparison.Ordinal) && s.EndsWith(')'))
        {
            return new PicsConformance(s, PicsConformanceKind.Mandatory, null, PicsValue.Parse(s[MustBe.Length..^1].Trim()));
        }

        if (s.Length > 2 && s[0] == '[' && s[^1] == ']')
        {
            return new PicsConformance(s, PicsConformanceKind.AllowedIf, PicsCondition.Parse(s[1..^1]), null);
        }

        if (s.StartsWith("M if ", StringComparison.Ordinal))
        {
            return new PicsConformance(s, PicsConformanceKind.MandatoryIf, PicsCondition.Parse(s[5..]), null);
        }

        if (s.StartsWith("O if ", StringComparison.Ordinal))
        {
            return new PicsConformance(s, PicsConformanceKind.OptionalIf, PicsCondition.Parse(s[5..]), null);
        }

        throw new FormatException($"unknown conformance \"{s}\" (expected M, O, -, M (must be N), M if X, O if X or [X])");
    }

    public override string ToString() => Text;
}
