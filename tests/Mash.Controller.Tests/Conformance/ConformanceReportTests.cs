using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using System.Xml.Linq;
using Mash.Controller.Conformance;
using Mash.Protocol.Onboarding;
using Mash.Protocol.Pics;

namespace Mash.Controller.Tests.Conformance;

public sealed class ConformanceReportTests
{
    private static ConformanceCase Case(string id, string origin) => new() { Id = id, Title = "title of " + id, Source = "s", Origin = origin };

    private static ConformanceRunResult Run() => new(
        "::1:8443",
        [
            new CaseResult(Case("TC-A", "010-a.yaml"), CaseOutcome.Passed, null, TimeSpan.FromSeconds(1.5), ["[  0.00s] step 1 connect"]),
            new CaseResult(Case("TC-B", "020-b.yaml"), CaseOutcome.Failed, "step 2 expect_closed: still open", TimeSpan.FromSeconds(3), ["[  0.00s] step 1 connect", "[  0.01s] step 2 expect_closed"]),
            new CaseResult(Case("TC-C", "030-c.yaml"), CaseOutcome.Skipped, "needs the device's test event key", TimeSpan.Zero, []),
            new CaseResult(Case("TC-D", "040-d.yaml"), CaseOutcome.NotApplicable, "PICS: needs X", TimeSpan.Zero, []),
        ],
        DateTimeOffset.UnixEpoch,
        TimeSpan.FromSeconds(5));

    [Fact]
    public void The_junit_report_has_one_testcase_per_case_with_failures_and_skips_and_their_reasons()
    {
        using var stream = new MemoryStream();
        ConformanceReport.WriteJUnit(Run(), stream);
        stream.Position = 0;
        XElement suite = XDocument.Load(stream).Root!.Element("testsuite")!;

        Assert.Equal("4", suite.Attribute("tests")!.Value);
        Assert.Equal("1", suite.Attribute("failures")!.Value);
        Assert.Equal("2", suite.Attribute("skipped")!.Value);
        XElement[] cases = suite.Elements("testcase").ToArray();
        Assert.Equal("TC-A: title of TC-A", cases[0].Attribute("name")!.Value);
        Assert.Equal("conformance.010-a", cases[0].Attribute("classname")!.Value);
        Assert.Equal("1.500", cases[0].Attribute("time")!.Value);
        Assert.Equal("step 2 expect_closed: still open", cases[1].Element("failure")!.Attribute("message")!.Value);
        Assert.Contains("step 2 expect_closed", cases[1].Element("failure")!.Value, StringComparison.Ordinal);
        Assert.Equal("cannot run here: needs the device's test event key", cases[2].Element("skipped")!.Attribute("message")!.Value);
        Assert.Equal("not applicable: PICS: needs X", cases[3].Element("skipped")!.Attribute("message")!.Value);
    }

    [Fact]
    public void A_case_the_pics_does_not_select_and_a_case_the_lab_cannot_run_are_skipped_with_different_types()
    {
        using var stream = new MemoryStream();
        ConformanceReport.WriteJUnit(Run(), stream);
        stream.Position = 0;
        XElement[] cases = XDocument.Load(stream).Root!.Element("testsuite")!.Elements("testcase").ToArray();

        Assert.Equal("cannot-run", cases[2].Element("skipped")!.Attribute("type")!.Value);
        Assert.Equal("not-applicable", cases[3].Element("skipped")!.Attribute("type")!.Value);
    }

    [Fact]
    public void The_summary_lists_each_case_its_reason_and_the_totals()
    {
        string summary = ConformanceReport.Summary(Run());

        Assert.Contains("PASS  TC-A", summary, StringComparison.Ordinal);
        Assert.Contains("FAIL  TC-B", summary, StringComparison.Ordinal);
        Assert.Contains("      step 2 expect_closed: still open", summary, StringComparison.Ordinal);
        Assert.EndsWith("1 passed, 1 failed, 1 skipped, 1 not applicable; 3 selected by the PICS; 5.0 s", summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cases_the_pics_does_not_select_are_reported_not_applicable_without_touching_the_network()
    {
        PicsFile pics = PicsFile.Parse("MASH.S=1\nMASH.S.TRANS.TLS_AES_256_GCM=0\n");
        ConformanceCase needs256 = ConformanceCatalog.Parse(
            "id: TC-X\ntitle: x\nsource: s\npics: [MASH.S.TRANS.TLS_AES_256_GCM]\nsteps:\n  - do: connect\n", "x.yaml");
        var options = new ConformanceOptions
        {
            Host = "192.0.2.1", // TEST-NET-1: nothing answers there
            Port = 8443,
            SetupCode = new SetupCode(20252026),
            Pics = pics,
            StateDirectory = Path.Combine(Path.GetTempPath(), "conformance-" + Guid.NewGuid().ToString("N")),
        };

        ConformanceRunResult run = await ConformanceRunner.RunAsync(options, [needs256]);

        CaseResult result = Assert.Single(run.Results);
        Assert.Equal(CaseOutcome.NotApplicable, result.Outcome);
        Assert.Contains("MASH.S.TRANS.TLS_AES_256_GCM=0 at line 2", result.Reason, StringComparison.Ordinal);
        Assert.True(run.Success);
        Directory.Delete(options.StateDirectory, recursive: true);
    }
}
