using System;
using System.Collections.Generic;

namespace Mash.Protocol.Pics;

/// <summary>
/// The condition of <c>M if X</c>, <c>O if X</c> and <c>[X]</c>: terms joined by <c>&amp;</c>
/// (and) and <c>/</c> (or, binding tighter), e.g. <c>BIDIRECTIONAL &amp; acceptsLimits</c> or
/// <c>CONSUMPTION/BIDIRECTIONAL</c>. A term is a feature flag name (EMOB), a feature (CTRL), a
/// PICS code, or a property the registry names without a code (acceptsLimits, BIDIRECTIONAL,
/// "phaseCount &gt; 1"); <see cref="PicsValidator"/> says how each is decided.
/// </summary>
public sealed class PicsCondition
{
    private PicsCondition(string text, List<string[]> allOf)
    {
        Text = text;
        AllOf = allOf;
    }

    public string Text { get; }

    /// <summary>The condition holds when every group has at least one term that holds.</summary>
    public IReadOnlyList<string[]> AllOf { get; }

    /// <summary>The single term when the condition is just one term, else null.</summary>
    public string? SingleTerm => AllOf.Count == 1 && AllOf[0].Length == 1 ? AllOf[0][0] : null;

    /// <exception cref="FormatException">Empty condition or empty term.</exception>
    public static PicsCondition Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var groups = new List<string[]>();
        foreach (string conjunct in text.Split('&'))
        {
            string[] terms = conjunct.Split('/');
            for (int i = 0; i < terms.Length; i++)
            {
                terms[i] = terms[i].Trim();
                if (terms[i].Length == 0)
                {
                    throw new FormatException($"empty term in condition \"{text}\"");
                }
            }

            groups.Add(terms);
        }

        return new PicsCondition(text.Trim(), groups);
    }

    public override string ToString() => Text;
}
