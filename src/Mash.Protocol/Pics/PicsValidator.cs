using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Mash.Protocol.Pics;

/// <summary>
/// Checks a PICS file against a registry: syntax (from the parser), duplicates, unknown codes,
/// values the registry does not allow, <c>M (must be N)</c>, the protocol declaration
/// (pics-format.md 6.1 rule 1), mandatory codes, and the conditional rules as the registry
/// writes them.
/// </summary>
/// <remarks>
/// <para>Scope of "mandatory": a code is required only when its side is declared (MASH.S=1 for
/// MASH.S.*, MASH.C=1 for MASH.C.*), when the file covers its layer (declares at least one
/// feature of the same section 2.2 layer, so a pairing-only PICS is not asked for application
/// codes and the reverse), and, below a feature, when the feature itself is declared supported
/// (rule 2). A missing code is reported at the line that declares its feature.</para>
/// <para>Conditions: a flag name (EMOB) or feature (CTRL) or code is decided by the declared
/// value; absent counts as false once its feature is declared. A property without a code of its
/// own (BIDIRECTIONAL, acceptsLimits) is decided by its witnesses, the rows whose conformance is
/// exactly <c>M if</c> that property: one declared supported makes it true; all declared
/// unsupported or absent (their features declared) make it false; otherwise it is unknown, and
/// an unknown condition never produces an error.</para>
/// </remarks>
public static class PicsValidator
{
    /// <summary>Validates <paramref name="file"/> against <paramref name="registry"/> (default: <see cref="PicsRegistry.Default"/>).</summary>
    public static PicsValidationResult Validate(PicsFile file, PicsRegistry? registry = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        registry ??= PicsRegistry.Default;
        var found = new List<PicsDiagnostic>(file.Diagnostics);
        var context = new Context(file, registry);

        CheckEntries(file, registry, found);
        if (!file.IsEnabled("MASH.S") && !file.IsEnabled("MASH.C"))
        {
            found.Add(new PicsDiagnostic(0, null, "neither MASH.S=1 nor MASH.C=1: a PICS declares a device (server) or a controller (client) (pics-format.md 6.1 rule 1)"));
        }

        foreach (PicsRegistryEntry entry in registry.Entries)
        {
            CheckConformance(entry, context, found);
        }

        found.Sort(static (a, b) => (a.Line == 0 ? int.MaxValue : a.Line).CompareTo(b.Line == 0 ? int.MaxValue : b.Line));
        return new PicsValidationResult(found, file.Entries.Count);
    }

    private static void CheckEntries(PicsFile file, PicsRegistry registry, List<PicsDiagnostic> found)
    {
        var seen = new Dictionary<string, PicsEntry>(PicsCodes.Comparer);
        foreach (PicsEntry entry in file.Entries)
        {
            if (seen.TryGetValue(entry.Code, out PicsEntry? first))
            {
                found.Add(new PicsDiagnostic(entry.Line, entry.Code, $"{entry.Code} is declared again (first at line {first.Line})"));
                continue;
            }

            seen.Add(entry.Code, entry);
            PicsRegistryEntry? known = registry.Find(entry.Code);
            if (known is null)
            {
                IReadOnlyList<string> similar = registry.SimilarCodes(entry.Code);
                string hint = similar.Count > 0 ? "; did you mean " + string.Join(" or ", similar) + "?" : string.Empty;
                found.Add(new PicsDiagnostic(entry.Line, entry.Code, $"unknown PICS code {entry.Code} (not in the registry){hint}"));
                continue;
            }

            if (!known.Values.Allows(entry.Value))
            {
                string quote = known.Values.ExpectsString && entry.Value.Kind == PicsValueKind.Word ? " (string values are written in double quotes)" : string.Empty;
                found.Add(new PicsDiagnostic(
                    entry.Line,
                    entry.Code,
                    $"{known.Code}={entry.Value.Text} is not allowed: the registry allows {known.Values.Text} ({known.Source}){quote}"));
            }
            else if (known.Conformance.RequiredValue is { } required && !required.Equals(entry.Value))
            {
                found.Add(new PicsDiagnostic(
                    entry.Line,
                    entry.Code,
                    $"{known.Code} must be {required.Text} (conformance \"{known.Conformance.Text}\", {known.Source}), found {entry.Value.Text}"));
            }
            else if (known.Conformance.Kind == PicsConformanceKind.Mandatory && known.Values.IsImplied && !entry.Value.IsEnabled)
            {
                found.Add(new PicsDiagnostic(
                    entry.Line,
                    entry.Code,
                    $"{known.Code} ({known.Description}) is mandatory (M, {known.Source}): an implementation of its feature supports it, so it must be 1"));
            }
        }
    }

    private static void CheckConformance(PicsRegistryEntry entry, Context context, List<PicsDiagnostic> found)
    {
        PicsEntry? declared = context.File.Find(entry.Code);
        PicsConformance conformance = entry.Conformance;
        switch (conformance.Kind)
        {
            case PicsConformanceKind.Mandatory:
                if (declared is null && context.InScope(entry))
                {
                    found.Add(new PicsDiagnostic(
                        context.AnchorLine(entry), entry.Code, $"{entry.Code} ({entry.Description}) is mandatory ({conformance.Text}, {entry.Source}) but not declared"));
                }

                break;
            case PicsConformanceKind.MandatoryIf:
                if (declared is null && context.InScope(entry))
                {
                    var evidence = new List<string>();
                    if (context.Evaluate(conformance.Condition!, entry, evidence) == Truth.True)
                    {
                        found.Add(new PicsDiagnostic(
                            context.AnchorLine(entry),
                            entry.Code,
                            $"{entry.Code} ({entry.Description}) is mandatory when {conformance.Condition!.Text} ({conformance.Text}, {entry.Source}), which holds: {Join(evidence)}; but it is not declared"));
                    }
                }

                break;
            case PicsConformanceKind.OptionalIf:
            case PicsConformanceKind.AllowedIf:
                if (declared is not null && declared.Value.IsEnabled)
                {
                    var evidence = new List<string>();
                    if (context.Evaluate(conformance.Condition!, entry, evidence) == Truth.False)
                    {
                        found.Add(new PicsDiagnostic(
                            declared.Line,
                            entry.Code,
                            $"{entry.Code}={declared.Value.Text} applies only when {conformance.Condition!.Text} ({conformance.Text}, {entry.Source}), which does not hold here: {Join(evidence)}"));
                    }
                }

                break;
            default:
                break;
        }
    }

    private static string Join(List<string> evidence) => evidence.Count == 0 ? "(no evidence)" : string.Join("; ", evidence);

    private enum Truth
    {
        False,
        True,
        Unknown,
    }

    private sealed class Context(PicsFile file, PicsRegistry registry)
    {
        private readonly Dictionary<string, bool> _layerCovered = new(StringComparer.Ordinal);

        public PicsFile File { get; } = file;

        public bool InScope(PicsRegistryEntry entry)
        {
            string code = entry.Code;
            if (code.Split('.').Length == 2)
            {
                return false; // MASH.S / MASH.C: rule 1 covers them
            }

            if (!File.IsEnabled(PicsCodes.SideCode(code)))
            {
                return false;
            }

            string? feature = entry.Feature;
            string? layer = registry.LayerOf(feature);
            if (layer is null)
            {
                return true;
            }

            if (!LayerCovered(entry.Side, layer))
            {
                return false;
            }

            string featureCode = PicsCodes.FeatureCode(code)!;
            return PicsCodes.Comparer.Equals(featureCode, code) || File.IsEnabled(featureCode);
        }

        /// <summary>The line of the feature declaration, else of the side declaration, else 0.</summary>
        public int AnchorLine(PicsRegistryEntry entry)
        {
            if (PicsCodes.FeatureCode(entry.Code) is { } feature && !PicsCodes.Comparer.Equals(feature, entry.Code) && File.Find(feature) is { } f)
            {
                return f.Line;
            }

            return File.Find(PicsCodes.SideCode(entry.Code))?.Line ?? 0;
        }

        public Truth Evaluate(PicsCondition condition, PicsRegistryEntry subject, List<string> evidence)
        {
            Truth all = Truth.True;
            foreach (string[] group in condition.AllOf)
            {
                Truth any = Truth.False;
                foreach (string term in group)
                {
                    Truth t = Term(term, subject, evidence);
                    if (t == Truth.True)
                    {
                        any = Truth.True;
                        break;
                    }

                    if (t == Truth.Unknown)
                    {
                        any = Truth.Unknown;
                    }
                }

                if (any == Truth.False)
                {
                    return Truth.False;
                }

                if (any == Truth.Unknown)
                {
                    all = Truth.Unknown;
                }
            }

            return all;
        }

        private bool LayerCovered(string side, string layer)
        {
            string key = side + "|" + layer;
            if (_layerCovered.TryGetValue(key, out bool covered))
            {
                return covered;
            }

            covered = false;
            foreach (KeyValuePair<string, string> feature in registry.FeatureLayers)
            {
                if (feature.Value == layer && File.IsEnabled("MASH." + side + "." + feature.Key))
                {
                    covered = true;
                    break;
                }
            }

            _layerCovered[key] = covered;
            return covered;
        }

        private Truth Term(string term, PicsRegistryEntry subject, List<string> evidence)
        {
            string? code = registry.FlagCode(term)
                ?? (term.StartsWith("MASH.", StringComparison.OrdinalIgnoreCase) ? term : null)
                ?? (registry.IsFeature(term) ? "MASH." + subject.Side + "." + term.ToUpperInvariant() : null);
            if (code is not null)
            {
                return Declared(code, term, evidence);
            }

            IReadOnlyList<PicsRegistryEntry> witnesses = registry.WitnessesOf(term);
            if (witnesses.Count == 0)
            {
                return Truth.Unknown;
            }

            var absent = new StringBuilder();
            foreach (PicsRegistryEntry witness in witnesses)
            {
                PicsEntry? entry = File.Find(witness.Code);
                if (entry is not null && entry.Value.IsEnabled)
                {
                    evidence.Add(string.Format(CultureInfo.InvariantCulture, "{0}={1} at line {2} ({3}, M if {4}) says {4}", witness.Code, entry.Value.Text, entry.Line, witness.Description, term));
                    return Truth.True;
                }

                if (entry is null && !(PicsCodes.FeatureCode(witness.Code) is { } feature && File.IsEnabled(feature)))
                {
                    return Truth.Unknown;
                }

                absent.Append(absent.Length > 0 ? ", " : string.Empty).Append(witness.Code);
            }

            evidence.Add($"not {term}: {absent} (M if {term}) not declared supported");
            return Truth.False;
        }

        private Truth Declared(string code, string term, List<string> evidence)
        {
            if (File.Find(code) is { } entry)
            {
                evidence.Add(string.Format(CultureInfo.InvariantCulture, "{0} ({1}={2} at line {3})", term, code, entry.Value.Text, entry.Line));
                return entry.Value.IsEnabled ? Truth.True : Truth.False;
            }

            if (PicsCodes.FeatureCode(code) is { } feature && !PicsCodes.Comparer.Equals(feature, code) && File.IsEnabled(feature))
            {
                evidence.Add($"{term} ({code} not declared)");
                return Truth.False;
            }

            return Truth.Unknown;
        }
    }
}
