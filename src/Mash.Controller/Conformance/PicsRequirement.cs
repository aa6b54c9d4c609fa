using System;
using Mash.Protocol.Pics;

namespace Mash.Controller.Conformance;

/// <summary>
/// One entry of a case's <c>pics</c> list: <c>CODE</c> (declared supported), <c>!CODE</c>
/// (absent or declared not supported) or <c>CODE=VALUE</c> (declared with exactly this value).
/// </summary>
public sealed class PicsRequirement
{
    private PicsRequirement(string text, string code, bool negated, PicsValue? value)
    {
        Text = text;
        Code = code;
        Negated = negated;
        Value = value;
    }

    public string Text { get; }

    public string Code { get; }

    public bool Negated { get; }

    public PicsValue? Value { get; }

    /// <exception cref="FormatException">Not one of the three forms, or not a PICS code.</exception>
    public static PicsRequirement Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string s = text.Trim();
        bool negated = s.StartsWith('!');
        if (negated)
        {
            s = s[1..].Trim();
        }

        PicsValue? value = null;
        int equals = s.IndexOf('=', StringComparison.Ordinal);
        if (equals >= 0)
        {
            if (negated)
            {
                throw new FormatException($"\"{text}\": use either !CODE or CODE=VALUE");
            }

            value = PicsValue.Parse(s[(equals + 1)..].Trim());
            s = s[..equals].Trim();
        }

        if (!PicsCodes.IsWellFormed(s))
        {
            throw new FormatException($"\"{text}\": {s} is not a PICS code");
        }

        return new PicsRequirement(text.Trim(), s, negated, value);
    }

    /// <summary>True when <paramref name="pics"/> meets the requirement.</summary>
    public bool IsMet(PicsFile pics)
    {
        ArgumentNullException.ThrowIfNull(pics);
        PicsEntry? entry = pics.Find(Code);
        if (Negated)
        {
            return entry is null || !entry.Value.IsEnabled;
        }

        return Value is null ? entry is not null && entry.Value.IsEnabled : entry is not null && Value.Equals(entry.Value);
    }

    /// <summary>Why the requirement is not met, for the report.</summary>
    public string Explain(PicsFile pics)
    {
        ArgumentNullException.ThrowIfNull(pics);
        PicsEntry? entry = pics.Find(Code);
        string declared = entry is null ? "not declared" : $"declared {entry.Code}={entry.Value.Text} at line {entry.Line}";
        return $"needs {Text}, {declared}";
    }

    public override string ToString() => Text;
}
