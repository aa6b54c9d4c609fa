using System;
using System.Globalization;

namespace Mash.Controller.Conformance;

/// <summary>
/// The numeric parameters of a step: numbers, <c>${pics:CODE}</c> and <c>${name}</c> joined by
/// <c>+</c>, <c>-</c> and <c>*</c> (with the usual precedence), e.g.
/// <c>${pics:MASH.S.ZONE.MAX_ZONES} + 1</c>.
/// </summary>
internal static class Expression
{
    /// <summary>Evaluates <paramref name="text"/>; <paramref name="lookup"/> resolves what is inside ${...}.</summary>
    /// <exception cref="FormatException">Malformed, or a name <paramref name="lookup"/> cannot resolve.</exception>
    public static decimal Evaluate(string text, Func<string, decimal?> lookup)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new Parser(text, lookup);
        decimal value = parser.Sum();
        parser.SkipSpaces();
        if (!parser.AtEnd)
        {
            throw new FormatException($"unexpected text in \"{text}\" at position {parser.Position + 1}");
        }

        return value;
    }

    private sealed class Parser(string text, Func<string, decimal?> lookup)
    {
        public int Position { get; private set; }

        public bool AtEnd => Position >= text.Length;

        public void SkipSpaces()
        {
            while (Position < text.Length && char.IsWhiteSpace(text[Position]))
            {
                Position++;
            }
        }

        public decimal Sum()
        {
            decimal value = Product();
            while (true)
            {
                SkipSpaces();
                if (Accept('+'))
                {
                    value += Product();
                }
                else if (Accept('-'))
                {
                    value -= Product();
                }
                else
                {
                    return value;
                }
            }
        }

        private decimal Product()
        {
            decimal value = Term();
            while (true)
            {
                SkipSpaces();
                if (!Accept('*'))
                {
                    return value;
                }

                value *= Term();
            }
        }

        private decimal Term()
        {
            SkipSpaces();
            if (Position + 1 < text.Length && text[Position] == '$' && text[Position + 1] == '{')
            {
                int close = text.IndexOf('}', Position);
                if (close < 0)
                {
                    throw new FormatException($"\"{text}\": ${{ without }}");
                }

                string name = text[(Position + 2)..close].Trim();
                Position = close + 1;
                return lookup(name) ?? throw new FormatException($"\"{text}\": ${{{name}}} has no numeric value");
            }

            int start = Position;
            while (Position < text.Length && (char.IsAsciiDigit(text[Position]) || text[Position] == '.'))
            {
                Position++;
            }

            if (start == Position || !decimal.TryParse(text[start..Position], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal number))
            {
                throw new FormatException($"\"{text}\": expected a number or ${{...}} at position {start + 1}");
            }

            return number;
        }

        private bool Accept(char c)
        {
            if (Position < text.Length && text[Position] == c)
            {
                Position++;
                return true;
            }

            return false;
        }
    }
}
