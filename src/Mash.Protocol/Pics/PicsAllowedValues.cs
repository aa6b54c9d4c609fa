using System;
using System.Collections.Generic;
using System.Globalization;

namespace Mash.Protocol.Pics;

/// <summary>
/// The "Values" column of a registry row: a list of numbers (<c>0, 1</c>), ranges
/// (<c>10-255</c>), quoted strings (<c>"empty", "full"</c>) and "value in &lt;unit&gt;" (any
/// number), separated by commas or "or". A row without the column allows 0 and 1.
/// </summary>
public sealed class PicsAllowedValues
{
    private readonly List<Item> _items;

    private PicsAllowedValues(string text, List<Item> items, bool implied)
    {
        Text = text;
        _items = items;
        IsImplied = implied;
    }

    /// <summary>The column as written (or "0, 1" when implied).</summary>
    public string Text { get; }

    /// <summary>True when the row had no Values column and 0/1 (supported or not) is assumed.</summary>
    public bool IsImplied { get; }

    /// <summary>True when exactly one value is allowed and it is the number 1.</summary>
    public bool OnlyOne => _items.Count == 1 && _items[0].Kind == ItemKind.Number && _items[0].Low == 1;

    /// <summary>0 or 1: the values of a row without a Values column.</summary>
    public static PicsAllowedValues ZeroOrOne { get; } = new("0, 1", [Item.Number(0), Item.Number(1)], implied: true);

    /// <summary>Reads a Values cell.</summary>
    /// <exception cref="FormatException">An item is none of the forms above.</exception>
    public static PicsAllowedValues Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var items = new List<Item>();
        foreach (string part in SplitOutsideQuotes(text))
        {
            items.Add(ParseItem(part));
        }

        if (items.Count == 0)
        {
            throw new FormatException("no values");
        }

        return new PicsAllowedValues(text.Trim(), items, implied: false);
    }

    /// <summary>True when <paramref name="value"/> is one of the allowed values.</summary>
    public bool Allows(PicsValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        foreach (Item item in _items)
        {
            if (item.Allows(value))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when some allowed value is a quoted string (a bare word then means a missing quote).</summary>
    public bool ExpectsString
    {
        get
        {
            foreach (Item item in _items)
            {
                if (item.Kind == ItemKind.String)
                {
                    return true;
                }
            }

            return false;
        }
    }

    public override string ToString() => Text;

    private static Item ParseItem(string part)
    {
        string s = part.Trim();
        if (s.Length >= 2 && s[0] == '"' && s[^1] == '"')
        {
            return Item.Text(s[1..^1]);
        }

        if (s.StartsWith("value", StringComparison.OrdinalIgnoreCase))
        {
            return new Item(ItemKind.AnyNumber, 0, 0, null);
        }

        if (decimal.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal n))
        {
            return Item.Number(n);
        }

        int dash = s.IndexOf('-', StringComparison.Ordinal);
        if (dash > 0
            && decimal.TryParse(s[..dash].Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal low)
            && decimal.TryParse(s[(dash + 1)..].Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal high)
            && low <= high)
        {
            return new Item(ItemKind.Range, low, high, null);
        }

        throw new FormatException($"\"{s}\" is not a number, a range, a quoted string or \"value in <unit>\"");
    }

    private static List<string> SplitOutsideQuotes(string text)
    {
        var parts = new List<string>();
        bool quoted = false;
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c == ',')
            {
                Add(parts, text[start..i]);
                start = i + 1;
            }
            else if (!quoted && string.CompareOrdinal(text, i, " or ", 0, 4) == 0)
            {
                Add(parts, text[start..i]);
                start = i + 4;
                i += 3;
            }
        }

        Add(parts, text[start..]);
        return parts;
    }

    private static void Add(List<string> parts, string part)
    {
        if (part.Trim().Length > 0)
        {
            parts.Add(part.Trim());
        }
    }

    private enum ItemKind
    {
        Number,
        Range,
        String,
        AnyNumber,
    }

    private sealed record Item(ItemKind Kind, decimal Low, decimal High, string? Content)
    {
        public static Item Number(decimal n) => new(ItemKind.Number, n, n, null);

        public static Item Text(string s) => new(ItemKind.String, 0, 0, s);

        public bool Allows(PicsValue value) => Kind switch
        {
            ItemKind.Number => value.Kind == PicsValueKind.Number && value.Number == Low,
            ItemKind.Range => value.Kind == PicsValueKind.Number && value.Number >= Low && value.Number <= High
                && (decimal.Truncate(Low) != Low || decimal.Truncate(value.Number) == value.Number),
            ItemKind.AnyNumber => value.Kind == PicsValueKind.Number,
            _ => value.Kind == PicsValueKind.QuotedString && string.Equals(value.Content, Content, StringComparison.Ordinal),
        };
    }
}
