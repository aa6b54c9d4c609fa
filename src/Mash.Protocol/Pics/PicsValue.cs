using System;
using System.Globalization;

namespace Mash.Protocol.Pics;

/// <summary>The value of one PICS line, as written and as interpreted.</summary>
public sealed class PicsValue : IEquatable<PicsValue>
{
    private PicsValue(string text, PicsValueKind kind, decimal number, string content)
    {
        Text = text;
        Kind = kind;
        Number = number;
        Content = content;
    }

    /// <summary>The value exactly as written (quotes included).</summary>
    public string Text { get; }

    public PicsValueKind Kind { get; }

    /// <summary>The numeric value when <see cref="Kind"/> is Number, else 0.</summary>
    public decimal Number { get; }

    /// <summary>The string without its quotes (QuotedString), or the text (Number, Word).</summary>
    public string Content { get; }

    /// <summary>
    /// Whether the value declares the item supported: any number but 0, any quoted string, any
    /// word but <c>false</c>. mash-test counts <c>0</c> as supported; the [63] format does not.
    /// </summary>
    public bool IsEnabled => Kind switch
    {
        PicsValueKind.Number => Number != 0,
        PicsValueKind.QuotedString => true,
        _ => !string.Equals(Content, "false", StringComparison.OrdinalIgnoreCase),
    };

    /// <summary>Interprets <paramref name="text"/> (already trimmed, without comment).</summary>
    /// <exception cref="FormatException">Empty, or a quoted string without its closing quote.</exception>
    public static PicsValue Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            throw new FormatException("the value is empty");
        }

        if (text[0] == '"')
        {
            if (text.Length < 2 || text[^1] != '"' || text.IndexOf('"', 1) != text.Length - 1)
            {
                throw new FormatException($"the quoted string {text} is not closed by exactly one quote at its end");
            }

            return new PicsValue(text, PicsValueKind.QuotedString, 0, text[1..^1]);
        }

        if (IsNumber(text) && decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal number))
        {
            return new PicsValue(text, PicsValueKind.Number, number, text);
        }

        return new PicsValue(text, PicsValueKind.Word, 0, text);
    }

    /// <summary>True when this is a whole number that fits a long; <paramref name="value"/> gets it.</summary>
    public bool TryGetInteger(out long value)
    {
        if (Kind == PicsValueKind.Number && decimal.Truncate(Number) == Number && Number >= long.MinValue && Number <= long.MaxValue)
        {
            value = (long)Number;
            return true;
        }

        value = 0;
        return false;
    }

    public bool Equals(PicsValue? other) =>
        other is not null && other.Kind == Kind && (Kind == PicsValueKind.Number ? other.Number == Number : string.Equals(other.Content, Content, StringComparison.Ordinal));

    public override bool Equals(object? obj) => Equals(obj as PicsValue);

    public override int GetHashCode() => Kind == PicsValueKind.Number ? Number.GetHashCode() : StringComparer.Ordinal.GetHashCode(Content);

    public override string ToString() => Text;

    private static bool IsNumber(string text)
    {
        int dots = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '.')
            {
                if (++dots > 1 || i == 0 || i == text.Length - 1)
                {
                    return false;
                }
            }
            else if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}
