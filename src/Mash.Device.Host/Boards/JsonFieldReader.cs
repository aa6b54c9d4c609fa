using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace Mash.Device.Host.Boards;

/// <summary>
/// Reads one JSON object of a board file with strict rules: every key must be one the format
/// declares (checked before anything is read, so a typo is reported as a typo rather than as a
/// missing field), no key twice, and every error names the field path.
/// </summary>
internal sealed class JsonFieldReader
{
    private const int MaxShownValueLength = 40;

    private readonly JsonElement _element;
    private readonly string _path;
    private readonly string _source;

    public JsonFieldReader(JsonElement element, string path, string source, params string[] allowed)
    {
        _path = path;
        _source = source;
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Error(path.Length == 0 ? "$" : path, "expected an object, got " + Show(element));
        }

        _element = element;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty property in element.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                throw Error(FieldPath(property.Name), "field appears more than once");
            }

            if (Array.IndexOf(allowed, property.Name) < 0)
            {
                string? guess = ClosestName(property.Name, allowed);
                throw Error(
                    FieldPath(property.Name),
                    "unknown field" + (guess is null ? string.Empty : "; did you mean \"" + guess + "\"?")
                    + " (allowed here: " + string.Join(", ", allowed) + ")");
            }
        }
    }

    public string FieldPath(string name) => _path.Length == 0 ? name : _path + "." + name;

    public bool Has(string name) => _element.TryGetProperty(name, out _);

    public BoardFileException Error(string field, string problem) => new(_source, field, problem);

    public JsonElement Required(string name)
    {
        if (!_element.TryGetProperty(name, out JsonElement value))
        {
            throw Error(FieldPath(name), "missing required field");
        }

        return value;
    }

    public string RequiredString(string name) => AsString(Required(name), FieldPath(name));

    public string OptionalString(string name, string fallback) =>
        _element.TryGetProperty(name, out JsonElement value) ? AsString(value, FieldPath(name)) : fallback;

    public int RequiredInt(string name, int min, int max) => AsInt(Required(name), FieldPath(name), min, max);

    public int OptionalInt(string name, int min, int max, int fallback) =>
        _element.TryGetProperty(name, out JsonElement value) ? AsInt(value, FieldPath(name), min, max) : fallback;

    public bool RequiredBool(string name)
    {
        JsonElement value = Required(name);
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Error(FieldPath(name), "expected true or false, got " + Show(value)),
        };
    }

    public JsonElement RequiredArray(string name)
    {
        JsonElement value = Required(name);
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Error(FieldPath(name), "expected an array, got " + Show(value));
        }

        return value;
    }

    public JsonFieldReader RequiredObject(string name, params string[] allowed) =>
        new(Required(name), FieldPath(name), _source, allowed);

    public JsonFieldReader? OptionalObject(string name, params string[] allowed) =>
        _element.TryGetProperty(name, out JsonElement value) ? new JsonFieldReader(value, FieldPath(name), _source, allowed) : null;

    /// <summary>Parses a string that must be one of <paramref name="names"/>.</summary>
    public T AsName<T>(JsonElement value, string field, IReadOnlyList<string> names, TryParseName<T> parse)
    {
        if (value.ValueKind == JsonValueKind.String && parse(value.GetString()!, out T result))
        {
            return result;
        }

        var expected = new StringBuilder();
        for (int i = 0; i < names.Count; i++)
        {
            expected.Append(i == 0 ? "\"" : ", \"").Append(names[i]).Append('"');
        }

        throw Error(field, "expected one of " + expected + ", got " + Show(value));
    }

    public T RequiredName<T>(string name, IReadOnlyList<string> names, TryParseName<T> parse) =>
        AsName(Required(name), FieldPath(name), names, parse);

    public T OptionalName<T>(string name, IReadOnlyList<string> names, TryParseName<T> parse, T fallback) =>
        _element.TryGetProperty(name, out JsonElement value) ? AsName(value, FieldPath(name), names, parse) : fallback;

    public string AsString(JsonElement value, string field)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            throw Error(field, "expected a string, got " + Show(value));
        }

        return value.GetString()!;
    }

    public int AsInt(JsonElement value, string field, int min, int max)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out int result) || result < min || result > max)
        {
            throw Error(field, "expected an integer " + min.ToString() + ".." + max.ToString() + ", got " + Show(value));
        }

        return result;
    }

    /// <summary>The value as written in the file, shortened; strings keep their quotes.</summary>
    public static string Show(JsonElement value)
    {
        string raw = value.ValueKind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            _ => value.GetRawText(),
        };
        return raw.Length <= MaxShownValueLength ? raw : string.Concat(raw.AsSpan(0, MaxShownValueLength), "...");
    }

    // Suggests the declared key a typo most likely meant: same letters ignoring case, or at most
    // two single-character edits away.
    private static string? ClosestName(string name, string[] allowed)
    {
        string? best = null;
        int bestDistance = 3;
        foreach (string candidate in allowed)
        {
            int distance = string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase)
                ? 0
                : Mash.Cli.EditDistance.Between(candidate.ToLowerInvariant(), name.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best;
    }
}
