using System;
using System.Collections.Generic;
using System.IO;

namespace Mash.Protocol.Pics;

/// <summary>
/// A PICS file in the [63] pics-format.md section 3 form: <c>CODE=VALUE</c> lines, <c>#</c>
/// comment lines and blank lines. Parsing never throws for bad content: every line that is not
/// understood becomes a line-numbered error in <see cref="Diagnostics"/>, and the lines that are
/// understood are kept in <see cref="Entries"/> (duplicates included, for the validator to report).
/// </summary>
public sealed class PicsFile
{
    private readonly List<PicsEntry> _entries;
    private readonly List<PicsDiagnostic> _diagnostics;
    private readonly Dictionary<string, PicsEntry> _first;

    private PicsFile(string name, List<PicsEntry> entries, List<PicsDiagnostic> diagnostics, int lineCount)
    {
        Name = name;
        _entries = entries;
        _diagnostics = diagnostics;
        LineCount = lineCount;
        _first = new Dictionary<string, PicsEntry>(PicsCodes.Comparer);
        foreach (PicsEntry entry in entries)
        {
            _first.TryAdd(entry.Code, entry);
        }
    }

    /// <summary>The file name used in messages.</summary>
    public string Name { get; }

    /// <summary>Every well-formed assignment, in file order.</summary>
    public IReadOnlyList<PicsEntry> Entries => _entries;

    /// <summary>Syntax errors and warnings, line-numbered.</summary>
    public IReadOnlyList<PicsDiagnostic> Diagnostics => _diagnostics;

    public int LineCount { get; }

    /// <summary>Reads and parses a file.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static PicsFile Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses PICS text; <paramref name="name"/> names it in messages.</summary>
    public static PicsFile Parse(string text, string name = "pics")
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(name);
        var entries = new List<PicsEntry>();
        var diagnostics = new List<PicsDiagnostic>();
        string[] lines = text.Split('\n');
        int lineCount = lines.Length > 0 && lines[^1].Length == 0 ? lines.Length - 1 : lines.Length;
        for (int i = 0; i < lineCount; i++)
        {
            ParseLine(lines[i].TrimEnd('\r'), i + 1, entries, diagnostics);
        }

        return new PicsFile(name, entries, diagnostics, lineCount);
    }

    /// <summary>The first entry for <paramref name="code"/> (any case), or null.</summary>
    public PicsEntry? Find(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return _first.TryGetValue(code, out PicsEntry? entry) ? entry : null;
    }

    /// <summary>True when the code is declared with a value that means supported (see <see cref="PicsValue.IsEnabled"/>).</summary>
    public bool IsEnabled(string code) => Find(code)?.Value.IsEnabled ?? false;

    /// <summary>The declared whole number, or null when absent or not a whole number.</summary>
    public long? GetInteger(string code) => Find(code) is { } entry && entry.Value.TryGetInteger(out long value) ? value : null;

    private static void ParseLine(string raw, int line, List<PicsEntry> entries, List<PicsDiagnostic> diagnostics)
    {
        string trimmed = raw.Trim();
        if (trimmed.Length == 0)
        {
            return;
        }

        if (trimmed[0] == '#')
        {
            if (raw[0] != '#')
            {
                diagnostics.Add(new PicsDiagnostic(line, null, "comment does not start the line; tools that only take '#' in column 1 as a comment (mash-test) reject the whole file", PicsSeverity.Warning));
            }

            return;
        }

        int equals = trimmed.IndexOf('=', StringComparison.Ordinal);
        if (equals < 0)
        {
            diagnostics.Add(new PicsDiagnostic(line, null, $"expected CODE=VALUE or a '#' comment, found \"{Shorten(trimmed)}\""));
            return;
        }

        string code = trimmed[..equals].Trim();
        if (!PicsCodes.IsWellFormed(code))
        {
            diagnostics.Add(new PicsDiagnostic(line, null, $"\"{Shorten(code)}\" is not a PICS code (expected MASH.S.<FEATURE>... or MASH.C.<FEATURE>..., letters, digits and '_' between dots)"));
            return;
        }

        string rest = trimmed[(equals + 1)..].Trim();
        if (!SplitComment(rest, out string valueText, out bool comment, out string? problem))
        {
            diagnostics.Add(new PicsDiagnostic(line, code, $"{code}: {problem}"));
            return;
        }

        if (valueText.Length == 0)
        {
            diagnostics.Add(new PicsDiagnostic(line, code, $"{code} has no value"));
            return;
        }

        PicsValue value;
        try
        {
            value = PicsValue.Parse(valueText);
        }
        catch (FormatException ex)
        {
            diagnostics.Add(new PicsDiagnostic(line, code, $"{code}: {ex.Message}"));
            return;
        }

        if (comment)
        {
            diagnostics.Add(new PicsDiagnostic(line, code, $"comment after the value of {code}; tools that read everything after '=' as the value (mash-test) see \"{Shorten(rest)}\"", PicsSeverity.Warning));
        }

        entries.Add(new PicsEntry(code, value, line, comment));
    }

    /// <summary>Separates the value from a trailing <c># comment</c>; a '#' inside quotes is part of the value.</summary>
    private static bool SplitComment(string rest, out string value, out bool comment, out string? problem)
    {
        problem = null;
        comment = false;
        if (rest.StartsWith('"'))
        {
            int close = rest.IndexOf('"', 1);
            if (close < 0)
            {
                value = rest;
                problem = $"the quoted string {Shorten(rest)} is not closed";
                return false;
            }

            string after = rest[(close + 1)..].Trim();
            if (after.Length > 0 && after[0] != '#')
            {
                value = rest;
                problem = $"unexpected text after the quoted value: \"{Shorten(after)}\"";
                return false;
            }

            comment = after.Length > 0;
            value = rest[..(close + 1)];
            return true;
        }

        int hash = rest.IndexOf('#', StringComparison.Ordinal);
        comment = hash >= 0;
        value = comment ? rest[..hash].Trim() : rest;
        if (value.Contains(' ', StringComparison.Ordinal) || value.Contains('\t', StringComparison.Ordinal))
        {
            problem = $"the value \"{Shorten(value)}\" contains spaces; quote a string value";
            return false;
        }

        return true;
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
