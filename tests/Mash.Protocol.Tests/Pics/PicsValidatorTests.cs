using System;
using System.IO;
using System.Linq;
using Mash.Protocol.Pics;

namespace Mash.Protocol.Tests.Pics;

/// <summary>The validator against the spec's own example PICS files, and broken copies of them.</summary>
public sealed class PicsValidatorTests
{
    private static string Example(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Pics", "Examples", name + ".pics"));

    private static string Minimal => Example("minimal-device-pairing");

    private static PicsValidationResult Validate(string text) => PicsValidator.Validate(PicsFile.Parse(text, "t.pics"));

    private static int LineOf(string text, string startsWith) =>
        Array.FindIndex(text.Split('\n'), l => l.StartsWith(startsWith, StringComparison.Ordinal)) + 1;

    private static PicsDiagnostic SingleError(PicsValidationResult result) =>
        Assert.Single(result.Diagnostics, d => d.Severity == PicsSeverity.Error);

    [Theory]
    [InlineData("minimal-device-pairing")]
    [InlineData("full-featured-device-pairing")]
    public void The_specs_device_examples_are_valid(string name)
    {
        PicsValidationResult result = Validate(Example(name));

        Assert.True(result.IsValid, string.Join("\n", result.Diagnostics));
        Assert.True(result.CodeCount > 90);
    }

    [Fact]
    public void A_value_outside_the_registry_is_an_error_at_its_line_naming_what_is_allowed()
    {
        string text = Minimal.Replace("MASH.S.SUB.MAX_SUBSCRIPTIONS=10", "MASH.S.SUB.MAX_SUBSCRIPTIONS=5", StringComparison.Ordinal);

        PicsDiagnostic error = SingleError(Validate(text));
        Assert.Equal(LineOf(text, "MASH.S.SUB.MAX_SUBSCRIPTIONS"), error.Line);
        Assert.Contains("allows 10-255", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unquoted_string_value_is_refused_with_a_hint_about_quotes()
    {
        string text = Minimal.Replace("MASH.S.COMM.PASE_GROUP=\"P-256\"", "MASH.S.COMM.PASE_GROUP=P-256", StringComparison.Ordinal);

        Assert.Contains("double quotes", SingleError(Validate(text)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Must_be_1_is_enforced()
    {
        string text = Minimal.Replace("MASH.S.TRANS.ECDHE_P256=1", "MASH.S.TRANS.ECDHE_P256=0", StringComparison.Ordinal);

        PicsDiagnostic error = SingleError(Validate(text));
        Assert.Equal(LineOf(text, "MASH.S.TRANS.ECDHE_P256"), error.Line);
        Assert.Contains("must be 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_mandatory_code_is_reported_at_the_line_declaring_its_feature()
    {
        string text = Minimal.Replace("MASH.S.COMM.CSR_TIMEOUT=10\n", string.Empty, StringComparison.Ordinal);

        PicsDiagnostic error = SingleError(Validate(text));
        Assert.Equal(LineOf(text, "MASH.S.COMM=1"), error.Line);
        Assert.Equal("MASH.S.COMM.CSR_TIMEOUT", error.Code);
        Assert.Contains("mandatory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mandatory_feature_declared_unsupported_is_the_only_error_none_of_its_codes_is_asked_for()
    {
        string text = string.Join('\n', Minimal.Split('\n').Where(l => !l.StartsWith("MASH.S.DISC.", StringComparison.Ordinal)))
            .Replace("MASH.S.DISC=1", "MASH.S.DISC=0", StringComparison.Ordinal);

        Assert.Equal(
            ["MASH.S.DISC"],
            Validate(text).Diagnostics.Where(d => d.Severity == PicsSeverity.Error).Select(d => d.Code));
    }

    [Fact]
    public void Duplicates_and_unknown_codes_are_errors_with_a_suggestion()
    {
        string text = Minimal + "MASH.S.TRANS.PORT=8443\nMASH.S.TRANS.PROT=8443\n";
        int lines = text.Split('\n').Length - 1;

        PicsDiagnostic[] errors = Validate(text).Diagnostics.ToArray();
        Assert.Equal(2, errors.Length);
        Assert.Equal(lines - 1, errors[0].Line);
        Assert.Contains("declared again (first at line " + LineOf(text, "MASH.S.TRANS.PORT"), errors[0].Message, StringComparison.Ordinal);
        Assert.Equal(lines, errors[1].Line);
        Assert.Contains("did you mean MASH.S.TRANS.PORT?", errors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_declaring_neither_side_is_invalid()
    {
        string text = Minimal.Replace("MASH.S=1", "MASH.S=0", StringComparison.Ordinal);

        PicsValidationResult result = Validate(text);
        Assert.Contains(result.Diagnostics, d => d.Line == 0 && d.Message.Contains("neither MASH.S=1 nor MASH.C=1", StringComparison.Ordinal));
    }

    [Fact]
    public void Bidirectional_only_codes_are_refused_once_the_application_codes_show_a_consume_only_device()
    {
        string consumer = Minimal + "MASH.S.CTRL=1\nMASH.S.CTRL.A47=0\n";
        string bidirectional = Minimal.Replace("MASH.S.FAILSAFE.PRODUCTION_LIMIT=0", "MASH.S.FAILSAFE.PRODUCTION_LIMIT=1", StringComparison.Ordinal);

        // Pairing codes alone say nothing about the direction: accepted.
        Assert.DoesNotContain(Validate(bidirectional).Diagnostics, d => d.Code == "MASH.S.FAILSAFE.PRODUCTION_LIMIT");

        string refused = consumer.Replace("MASH.S.FAILSAFE.PRODUCTION_LIMIT=0", "MASH.S.FAILSAFE.PRODUCTION_LIMIT=1", StringComparison.Ordinal);
        PicsDiagnostic error = Assert.Single(Validate(refused).Diagnostics, d => d.Code == "MASH.S.FAILSAFE.PRODUCTION_LIMIT");
        Assert.Equal(LineOf(refused, "MASH.S.FAILSAFE.PRODUCTION_LIMIT"), error.Line);
        Assert.Contains("[BIDIRECTIONAL]", error.Message, StringComparison.Ordinal);
        Assert.Contains("MASH.S.CTRL.A47", error.Message, StringComparison.Ordinal);

        // The same device with its failsafe production limit attribute is bidirectional.
        string withProduction = refused.Replace("MASH.S.CTRL.A47=0", "MASH.S.CTRL.A47=1", StringComparison.Ordinal);
        Assert.DoesNotContain(Validate(withProduction).Diagnostics, d => d.Code == "MASH.S.FAILSAFE.PRODUCTION_LIMIT");
    }

    [Fact]
    public void A_condition_that_holds_makes_its_code_mandatory_and_the_evidence_is_named()
    {
        const string app = "MASH.S=1\nMASH.S.CTRL=1\nMASH.S.CTRL.A14=1\n";

        PicsDiagnostic[] errors = Validate(app).Diagnostics.Where(d => d.Code == "MASH.S.CTRL.C01.Rsp").ToArray();

        PicsDiagnostic error = Assert.Single(errors);
        Assert.Equal(2, error.Line);
        Assert.Contains("acceptsLimits", error.Message, StringComparison.Ordinal);
        Assert.Contains("MASH.S.CTRL.A14=1 at line 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Feature_flags_decide_conditions_by_their_declared_value()
    {
        const string withoutV2x = "MASH.S=1\nMASH.S.CTRL=1\nMASH.S.CTRL.F0A=0\n";
        const string withV2x = "MASH.S=1\nMASH.S.CTRL=1\nMASH.S.CTRL.F0A=1\n";

        Assert.DoesNotContain(Validate(withoutV2x).Diagnostics, d => d.Code == "MASH.S.CTRL.C07.Rsp");
        Assert.Contains(Validate(withV2x).Diagnostics, d => d.Code == "MASH.S.CTRL.C07.Rsp" && d.Message.Contains("V2X", StringComparison.Ordinal));
    }

    [Fact]
    public void A_mandatory_attribute_declared_0_is_an_error_because_the_feature_must_implement_it()
    {
        const string text = "MASH.S=1\nMASH.S.CTRL=1\nMASH.S.CTRL.A02=0\n";

        Assert.Contains(Validate(text).Diagnostics, d => d.Code == "MASH.S.CTRL.A02" && d.Line == 3 && d.Message.Contains("must be 1", StringComparison.Ordinal));
    }

    [Fact]
    public void A_pairing_only_file_is_not_asked_for_application_codes_nor_a_device_file_for_controller_codes()
    {
        PicsValidationResult result = Validate(Minimal);

        Assert.DoesNotContain(result.Diagnostics, d => d.Code is not null && (d.Code.StartsWith("MASH.S.CTRL", StringComparison.Ordinal) || d.Code.StartsWith("MASH.C.", StringComparison.Ordinal)));
    }

    [Fact]
    public void Findings_print_as_file_line_message()
    {
        string text = Minimal.Replace("MASH.S.TRANS.PORT=8443", "MASH.S.TRANS.PORT=80", StringComparison.Ordinal);

        string printed = SingleError(Validate(text)).Format("dev.pics");
        Assert.StartsWith($"dev.pics:{LineOf(text, "MASH.S.TRANS.PORT")}: MASH.S.TRANS.PORT=80 is not allowed", printed, StringComparison.Ordinal);
    }
}
