using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Mash.Controller.Conformance;
using Mash.Protocol.Pics;

namespace Mash.Controller.Tests.Conformance;

public sealed partial class ConformanceCatalogTests
{
    private const string Minimal = "id: TC-X\ntitle: x\nsource: here\nsteps:\n  - do: wait\n    seconds: 1\n";

    [Fact]
    public void Every_shipped_case_loads_with_a_unique_id_a_source_and_steps()
    {
        IReadOnlyList<ConformanceCase> cases = ConformanceCatalog.LoadEmbedded();

        Assert.True(cases.Count >= 40, $"{cases.Count} cases");
        Assert.Equal(cases.Count, cases.Select(c => c.Id).Distinct().Count());
        Assert.All(cases, c => Assert.False(string.IsNullOrWhiteSpace(c.Source), c.Id + " names no source"));
        Assert.Equal(cases.Select(c => c.Origin).Order(StringComparer.Ordinal), cases.Select(c => c.Origin));
    }

    [Fact]
    public void Every_pics_code_a_shipped_case_names_is_in_the_registry()
    {
        var unknown = new List<string>();
        foreach (ConformanceCase c in ConformanceCatalog.LoadEmbedded())
        {
            IEnumerable<string> steps = c.Steps.Concat(c.Cleanup).SelectMany(StepTexts);
            IEnumerable<string> codes = c.Pics.Select(p => PicsRequirement.Parse(p).Code)
                .Concat(steps.SelectMany(t => PicsReference().Matches(t).Select(m => m.Groups[1].Value)));
            unknown.AddRange(codes.Where(code => PicsRegistry.Default.Find(code) is null).Select(code => c.Id + ": " + code));
        }

        Assert.Empty(unknown);
    }

    [Theory]
    [InlineData("id: TC-X\ntitle: x\nsteps:\n  - do: jump\n", "unknown action \"jump\"")]
    [InlineData("id: TC-X\ntitle: x\nsteps:\n  - do: expect_closed\n", "expect_closed needs \"within\"")]
    [InlineData("id: TC-X\ntitle: x\nsteps:\n  - do: wait\n    sekonds: 1\n", "t.yaml:5")]
    [InlineData("id: TC-X\ntitle: x\npics: [NOT.A.CODE]\nsteps:\n  - do: wait\n    seconds: 1\n", "not a PICS code")]
    [InlineData("id: TC-X\ntitle: x\nneeds: [coffee]\nsteps:\n  - do: wait\n    seconds: 1\n", "unknown need \"coffee\"")]
    [InlineData("title: x\nsteps:\n  - do: wait\n    seconds: 1\n", "needs an id and a title")]
    public void A_case_the_runner_could_not_execute_is_refused_at_load_naming_file_and_place(string yaml, string message)
    {
        ConformanceCaseFormatException ex = Assert.Throws<ConformanceCaseFormatException>(() => ConformanceCatalog.Parse(yaml, "t.yaml"));

        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("t.yaml", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_of_cases_loads_in_file_name_order_and_duplicate_ids_are_refused()
    {
        string dir = Directory.CreateTempSubdirectory("cases").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "20-b.yaml"), Minimal.Replace("TC-X", "TC-B", StringComparison.Ordinal));
            File.WriteAllText(Path.Combine(dir, "10-a.yaml"), Minimal.Replace("TC-X", "TC-A", StringComparison.Ordinal));
            Assert.Equal(["TC-A", "TC-B"], ConformanceCatalog.LoadDirectory(dir).Select(c => c.Id));

            File.WriteAllText(Path.Combine(dir, "30-c.yaml"), Minimal.Replace("TC-X", "TC-A", StringComparison.Ordinal));
            Assert.Throws<ConformanceCaseFormatException>(() => ConformanceCatalog.LoadDirectory(dir));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static IEnumerable<string> StepTexts(ConformanceStep s) =>
        new[] { s.Within, s.NotBefore, s.For, s.Seconds, s.Count, s.Repeat, s.PadTo, s.Hex, s.MinIntervalMs, s.MaxIntervalMs }
            .Concat(s.Params?.Values ?? Enumerable.Empty<string?>())
            .Where(t => t is not null)!;

    [GeneratedRegex(@"\$\{pics:([^}]+)\}")]
    private static partial Regex PicsReference();
}
