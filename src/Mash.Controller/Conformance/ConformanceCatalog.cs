using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Reflection;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Mash.Controller.Conformance;

/// <summary>
/// Loads test cases: the ones shipped inside this library (the repository's conformance/cases
/// folder, embedded) or every *.yaml file of a folder. Cases run in file-name order, which is
/// why the files carry a number: commissioning before the cases that need a zone, zone limits
/// after the single-zone cases, failsafe last.
/// </summary>
public static class ConformanceCatalog
{
    private const string ResourcePrefix = "Mash.Controller.Conformance.Cases.";

    private static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    /// <summary>The cases shipped with the runner.</summary>
    /// <exception cref="ConformanceCaseFormatException">A shipped case is broken (a build that ships it fails its tests).</exception>
    public static IReadOnlyList<ConformanceCase> LoadEmbedded()
    {
        Assembly assembly = typeof(ConformanceCatalog).Assembly;
        var names = new List<string>();
        foreach (string name in assembly.GetManifestResourceNames())
        {
            if (name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            {
                names.Add(name);
            }
        }

        names.Sort(StringComparer.Ordinal);
        var cases = new List<ConformanceCase>(names.Count);
        foreach (string name in names)
        {
            using Stream stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            cases.Add(Parse(reader.ReadToEnd(), name[ResourcePrefix.Length..]));
        }

        CheckUniqueIds(cases);
        return cases;
    }

    /// <summary>Every *.yaml file of <paramref name="directory"/>, in file-name order.</summary>
    /// <exception cref="ConformanceCaseFormatException">A file is broken.</exception>
    /// <exception cref="IOException">The folder cannot be read.</exception>
    public static IReadOnlyList<ConformanceCase> LoadDirectory(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        string[] files = Directory.GetFiles(directory, "*.yaml");
        Array.Sort(files, StringComparer.Ordinal);
        var cases = new List<ConformanceCase>(files.Length);
        foreach (string file in files)
        {
            cases.Add(Parse(File.ReadAllText(file), file));
        }

        CheckUniqueIds(cases);
        return cases;
    }

    /// <summary>Reads one case and checks its actions, parameters and PICS requirements.</summary>
    /// <exception cref="ConformanceCaseFormatException">Anything the runner could not execute.</exception>
    public static ConformanceCase Parse(string yaml, string origin)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ConformanceCase? parsed;
        try
        {
            parsed = Yaml.Deserialize<ConformanceCase>(yaml);
        }
        catch (YamlException ex)
        {
            throw new ConformanceCaseFormatException($"{origin}:{ex.Start.Line}: {Innermost(ex).Message}", ex);
        }

        if (parsed is null || string.IsNullOrWhiteSpace(parsed.Id) || string.IsNullOrWhiteSpace(parsed.Title))
        {
            throw new ConformanceCaseFormatException($"{origin}: a case needs an id and a title");
        }

        parsed.Origin = origin;
        if (parsed.Steps.Count == 0)
        {
            throw new ConformanceCaseFormatException($"{origin}: {parsed.Id} has no steps");
        }

        foreach (string requirement in parsed.Pics)
        {
            try
            {
                PicsRequirement.Parse(requirement);
            }
            catch (FormatException ex)
            {
                throw new ConformanceCaseFormatException($"{origin}: {parsed.Id}: {ex.Message}", ex);
            }
        }

        foreach (string need in parsed.Needs)
        {
            if (need is not (ConformanceRunner.NeedTestEventKey or ConformanceRunner.NeedOpenssl))
            {
                throw new ConformanceCaseFormatException($"{origin}: {parsed.Id}: unknown need \"{need}\" (known: {ConformanceRunner.NeedTestEventKey}, {ConformanceRunner.NeedOpenssl})");
            }
        }

        CheckSteps(parsed, parsed.Steps, "steps", origin);
        CheckSteps(parsed, parsed.Cleanup, "cleanup", origin);
        return parsed;
    }

    private static void CheckSteps(ConformanceCase c, List<ConformanceStep> steps, string list, string origin)
    {
        for (int i = 0; i < steps.Count; i++)
        {
            ConformanceStep step = steps[i];
            string where = string.Format(CultureInfo.InvariantCulture, "{0}: {1} {2}[{3}]", origin, c.Id, list, i + 1);
            if (!StepActions.Required.TryGetValue(step.Do, out string[]? required))
            {
                throw new ConformanceCaseFormatException($"{where}: unknown action \"{step.Do}\" (known: {string.Join(", ", StepActions.All)})");
            }

            foreach (string parameter in required)
            {
                if (!HasParameter(step, parameter))
                {
                    throw new ConformanceCaseFormatException($"{where}: {step.Do} needs \"{parameter}\"");
                }
            }
        }
    }

    private static bool HasParameter(ConformanceStep step, string name) => name switch
    {
        "groups" => step.Groups is { Count: > 0 },
        "hex" => step.Hex is not null,
        "within" => step.Within is not null,
        "for" => step.For is not null,
        "endpoint" => step.Endpoint is not null,
        "feature" => step.Feature is not null,
        "values" => step.Values is { Count: > 0 },
        "subscription" => step.Subscription is not null,
        "command" => step.Command is not null,
        "seconds" => step.Seconds is not null,
        "count" => step.Count is not null,
        "trigger" => step.Trigger is not null,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such parameter"),
    };

    private static void CheckUniqueIds(List<ConformanceCase> cases)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (ConformanceCase c in cases)
        {
            if (!seen.TryAdd(c.Id, c.Origin))
            {
                throw new ConformanceCaseFormatException($"{c.Origin}: case ID {c.Id} is also used by {seen[c.Id]}");
            }
        }
    }

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex;
    }
}
