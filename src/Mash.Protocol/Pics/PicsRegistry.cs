using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;

namespace Mash.Protocol.Pics;

/// <summary>
/// The PICS codes a file may use, read at run time from the registry documents themselves
/// (markdown, as the specification writes them): every table whose header has a "PICS Code"
/// column contributes its rows (Description, Values and Conformance columns where present;
/// without Values a code is 0/1, without Conformance optional), and the feature identifier
/// tables of pics-format.md section 2.2 say which layer each feature belongs to and add a
/// presence code <c>MASH.&lt;S|C&gt;.&lt;ID&gt;</c> (0/1, optional) for features no row declares.
/// </summary>
/// <remarks>
/// <see cref="Default"/> is built from the two documents in the repository's <c>pics/</c>
/// folder, embedded unchanged: the seed pairing/connection registry and [63] pics-format.md.
/// </remarks>
public sealed class PicsRegistry
{
    /// <summary>The resource names of the embedded documents, in load order.</summary>
    public static readonly IReadOnlyList<string> DefaultDocuments = ["pairing-connection-pics-registry.md", "pics-format.md"];

    private const string ResourcePrefix = "Mash.Protocol.Pics.Registry.";
    private const string FeatureFlagSuffix = " feature flag";

    private static readonly Lazy<PicsRegistry> s_default = new(LoadDefault);

    private readonly List<PicsRegistryEntry> _entries = [];
    private readonly Dictionary<string, PicsRegistryEntry> _byCode = new(PicsCodes.Comparer);
    private readonly Dictionary<string, string> _featureLayer = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _flagCodes = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<PicsRegistryEntry>> _witnesses = new(StringComparer.OrdinalIgnoreCase);

    private PicsRegistry()
    {
    }

    /// <summary>The registry of this repository's pics/ documents.</summary>
    public static PicsRegistry Default => s_default.Value;

    /// <summary>Every code, in document order.</summary>
    public IReadOnlyList<PicsRegistryEntry> Entries => _entries;

    /// <summary>Feature IDs (TRANS, CTRL, ...) and the layer heading they are listed under.</summary>
    public IReadOnlyDictionary<string, string> FeatureLayers => _featureLayer;

    /// <summary>Builds a registry from markdown documents (name, text).</summary>
    /// <exception cref="PicsRegistryFormatException">A row cannot be read, or a code is defined twice.</exception>
    public static PicsRegistry Load(params (string Name, string Markdown)[] documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var registry = new PicsRegistry();
        var features = new List<(string Id, string Description, string Source)>();
        foreach ((string name, string markdown) in documents)
        {
            registry.Read(name, markdown, features);
        }

        // Presence codes for features that only the identifier tables name (MEAS, STAT, INFO, ...).
        foreach ((string id, string description, string source) in features)
        {
            foreach (string side in (string[])["S", "C"])
            {
                string code = "MASH." + side + "." + id;
                if (!registry._byCode.ContainsKey(code))
                {
                    registry.Add(new PicsRegistryEntry(code, description + " feature present", PicsAllowedValues.ZeroOrOne, PicsConformance.Optional, source));
                }
            }
        }

        registry.Index();
        return registry;
    }

    /// <summary>The row for <paramref name="code"/> (any case), or null.</summary>
    public PicsRegistryEntry? Find(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return _byCode.TryGetValue(code, out PicsRegistryEntry? entry) ? entry : null;
    }

    /// <summary>The layer heading of a feature ID, or null for codes outside any feature (MASH.S.VERSION).</summary>
    public string? LayerOf(string? feature) => feature is not null && _featureLayer.TryGetValue(feature, out string? layer) ? layer : null;

    /// <summary>True when <paramref name="name"/> is a feature ID of section 2.2 (TRANS, CTRL, ...).</summary>
    public bool IsFeature(string name) => _featureLayer.ContainsKey(name);

    /// <summary>The code of a feature flag by its name ("EMOB" -> MASH.S.CTRL.F03), from the rows described "EMOB feature flag".</summary>
    public string? FlagCode(string name) => _flagCodes.TryGetValue(name, out string? code) ? code : null;

    /// <summary>
    /// Rows whose conformance is exactly <c>M if <paramref name="term"/></c>: an implementation
    /// where the term holds declares them, so they are the evidence for a property that has no
    /// code of its own (BIDIRECTIONAL, acceptsLimits).
    /// </summary>
    public IReadOnlyList<PicsRegistryEntry> WitnessesOf(string term) =>
        _witnesses.TryGetValue(term, out List<PicsRegistryEntry>? list) ? list : [];

    /// <summary>Registry codes within edit distance 2 of <paramref name="code"/>, for "did you mean".</summary>
    public IReadOnlyList<string> SimilarCodes(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        var similar = new List<string>();
        string upper = code.ToUpperInvariant();
        foreach (PicsRegistryEntry entry in _entries)
        {
            if (EditDistance(upper, entry.Code.ToUpperInvariant(), 2) <= 2)
            {
                similar.Add(entry.Code);
            }
        }

        return similar;
    }

    private static PicsRegistry LoadDefault()
    {
        Assembly assembly = typeof(PicsRegistry).Assembly;
        var documents = new (string, string)[DefaultDocuments.Count];
        for (int i = 0; i < documents.Length; i++)
        {
            string name = DefaultDocuments[i];
            using Stream stream = assembly.GetManifestResourceStream(ResourcePrefix + name)
                ?? throw new InvalidOperationException("the PICS registry document " + name + " is not embedded in " + assembly.GetName().Name);
            using var reader = new StreamReader(stream);
            documents[i] = (name, reader.ReadToEnd());
        }

        return Load(documents);
    }

    private static string[] Cells(string line)
    {
        string body = line.Trim();
        if (body.StartsWith('|'))
        {
            body = body[1..];
        }

        if (body.EndsWith('|'))
        {
            body = body[..^1];
        }

        string[] cells = body.Split('|');
        for (int i = 0; i < cells.Length; i++)
        {
            cells[i] = cells[i].Trim();
        }

        return cells;
    }

    private static int Column(string[] header, string name)
    {
        for (int i = 0; i < header.Length; i++)
        {
            if (string.Equals(header[i], name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Levenshtein distance, giving up (returning max + 1) once it cannot be within <paramref name="max"/>.</summary>
    private static int EditDistance(string a, string b, int max)
    {
        if (Math.Abs(a.Length - b.Length) > max)
        {
            return max + 1;
        }

        int[] previous = new int[b.Length + 1];
        int[] current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            int rowMin = current[0];
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                rowMin = Math.Min(rowMin, current[j]);
            }

            if (rowMin > max)
            {
                return max + 1;
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    private void Read(string name, string markdown, List<(string Id, string Description, string Source)> features)
    {
        string[] lines = markdown.Split('\n');
        string heading = string.Empty;
        bool fenced = false;
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd('\r');
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                fenced = !fenced;
                continue;
            }

            if (fenced)
            {
                continue;
            }

            if (line.StartsWith('#'))
            {
                heading = line.TrimStart('#').Trim();
                continue;
            }

            if (!line.TrimStart().StartsWith('|') || i + 1 >= lines.Length || !IsSeparator(lines[i + 1]))
            {
                continue;
            }

            // A table: header, separator, rows until the first line that is not a row.
            string[] header = Cells(line);
            int first = i + 2;
            int end = first;
            while (end < lines.Length && lines[end].TrimStart().StartsWith('|'))
            {
                end++;
            }

            if (Column(header, "PICS Code") >= 0)
            {
                ReadCodeTable(name, header, lines, first, end);
            }
            else if (Column(header, "ID") == 0 && Column(header, "Feature") == 1 && heading.Contains("Layer", StringComparison.OrdinalIgnoreCase))
            {
                for (int r = first; r < end; r++)
                {
                    string[] row = Cells(lines[r]);
                    string source = name + ":" + (r + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    _featureLayer[row[0]] = heading;
                    features.Add((row[0], row.Length > 2 ? row[2] : row[1], source));
                }
            }

            i = end - 1;
        }
    }

    private static bool IsSeparator(string line)
    {
        string t = line.Trim();
        return t.StartsWith('|') && t.Contains("---", StringComparison.Ordinal);
    }

    private void ReadCodeTable(string name, string[] header, string[] lines, int first, int end)
    {
        int code = Column(header, "PICS Code");
        int description = Column(header, "Description");
        int values = Column(header, "Values");
        int conformance = Column(header, "Conformance");
        for (int r = first; r < end; r++)
        {
            string source = name + ":" + (r + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            string[] row = Cells(lines[r]);
            if (row.Length != header.Length)
            {
                throw new PicsRegistryFormatException($"{source}: the row has {row.Length} cells, the header {header.Length}");
            }

            if (!PicsCodes.IsWellFormed(row[code]))
            {
                throw new PicsRegistryFormatException($"{source}: \"{row[code]}\" is not a PICS code");
            }

            try
            {
                Add(new PicsRegistryEntry(
                    row[code],
                    description >= 0 ? row[description] : string.Empty,
                    values >= 0 ? PicsAllowedValues.Parse(row[values]) : PicsAllowedValues.ZeroOrOne,
                    conformance >= 0 ? PicsConformance.Parse(row[conformance]) : PicsConformance.Optional,
                    source));
            }
            catch (FormatException ex)
            {
                throw new PicsRegistryFormatException($"{source}: {row[code]}: {ex.Message}", ex);
            }
        }
    }

    private void Add(PicsRegistryEntry entry)
    {
        if (_byCode.TryGetValue(entry.Code, out PicsRegistryEntry? earlier))
        {
            throw new PicsRegistryFormatException($"{entry.Source}: {entry.Code} is already defined at {earlier.Source}");
        }

        _byCode.Add(entry.Code, entry);
        _entries.Add(entry);
    }

    private void Index()
    {
        foreach (PicsRegistryEntry entry in _entries)
        {
            if (entry.Description.EndsWith(FeatureFlagSuffix, StringComparison.OrdinalIgnoreCase))
            {
                _flagCodes[entry.Description[..^FeatureFlagSuffix.Length].Trim()] = entry.Code;
            }

            if (entry.Conformance.Kind == PicsConformanceKind.MandatoryIf && entry.Conformance.Condition!.SingleTerm is { } term)
            {
                if (!_witnesses.TryGetValue(term, out List<PicsRegistryEntry>? list))
                {
                    _witnesses[term] = list = [];
                }

                list.Add(entry);
            }
        }
    }
}
