using System;
using System.IO;
using System.Linq;
using Mash.Protocol.Pics;

namespace Mash.Protocol.Tests.Pics;

public sealed class PicsRegistryTests
{
    private static string SeedText()
    {
        using Stream stream = typeof(PicsRegistry).Assembly.GetManifestResourceStream("Mash.Protocol.Pics.Registry.pairing-connection-pics-registry.md")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [Fact]
    public void Every_row_of_the_seed_registry_is_a_registry_code_with_its_values_and_conformance_as_written()
    {
        string[] rows = SeedText().Split('\n').Where(l => l.StartsWith("| MASH.", StringComparison.Ordinal)).ToArray();

        Assert.Equal(106, rows.Length);
        foreach (string row in rows)
        {
            string[] cells = row.Split('|').Select(c => c.Trim()).ToArray();
            PicsRegistryEntry? entry = PicsRegistry.Default.Find(cells[1]);
            Assert.NotNull(entry);
            Assert.Equal(cells[3], entry!.Values.Text);
            Assert.Equal(cells[4], entry.Conformance.Text);
        }
    }

    [Fact]
    public void Conformance_forms_of_both_documents_are_understood()
    {
        PicsRegistry r = PicsRegistry.Default;

        Assert.Equal(PicsConformanceKind.Mandatory, r.Find("MASH.S.TRANS.TLS_AES_128_GCM")!.Conformance.Kind);
        Assert.Equal("1", r.Find("MASH.S.TRANS.TLS_AES_128_GCM")!.Conformance.RequiredValue!.Text);
        Assert.Equal(PicsConformanceKind.AllowedIf, r.Find("MASH.S.FAILSAFE.PRODUCTION_LIMIT")!.Conformance.Kind);
        Assert.Equal("BIDIRECTIONAL", r.Find("MASH.S.FAILSAFE.PRODUCTION_LIMIT")!.Conformance.Condition!.SingleTerm);
        Assert.Equal(PicsConformanceKind.Runtime, r.Find("MASH.S.ZONE.CURRENT_COUNT")!.Conformance.Kind);
        Assert.Equal(PicsConformanceKind.MandatoryIf, r.Find("MASH.S.CTRL.A16")!.Conformance.Kind);
        Assert.Equal(2, r.Find("MASH.S.CTRL.A16")!.Conformance.Condition!.AllOf.Count);
        Assert.Equal(2, r.Find("MASH.S.ELEC.A0A")!.Conformance.Condition!.AllOf[0].Length);
        Assert.Equal(PicsConformanceKind.OptionalIf, r.Find("MASH.S.CTRL.C0E.Rsp")!.Conformance.Kind);
        Assert.Equal(PicsConformanceKind.Optional, r.Find("MASH.S.VERSION")!.Conformance.Kind);
    }

    [Theory]
    [InlineData("MASH.S.SUB.MAX_SUBSCRIPTIONS", "10", true)]
    [InlineData("MASH.S.SUB.MAX_SUBSCRIPTIONS", "255", true)]
    [InlineData("MASH.S.SUB.MAX_SUBSCRIPTIONS", "9", false)]
    [InlineData("MASH.S.SUB.MAX_SUBSCRIPTIONS", "10.5", false)]
    [InlineData("MASH.S.SUB.HEARTBEAT_CONTENT", "\"full\"", true)]
    [InlineData("MASH.S.SUB.HEARTBEAT_CONTENT", "full", false)]
    [InlineData("MASH.S.SUB.HEARTBEAT_CONTENT", "\"Full\"", false)]
    [InlineData("MASH.S.CERT.GRACE_PERIOD", "7", true)]
    [InlineData("MASH.S.CERT.GRACE_PERIOD", "3", false)]
    [InlineData("MASH.C.CONN.JITTER_FACTOR", "0.25", true)]
    [InlineData("MASH.S.CTRL.B_LIMIT_DEFAULT", "\"unlimited\"", true)]
    [InlineData("MASH.S.CTRL.B_LIMIT_DEFAULT", "5000000", true)]
    [InlineData("MASH.S.CTRL.A01", "1", true)]
    [InlineData("MASH.S.CTRL.A01", "2", false)]
    public void Allowed_values_follow_the_values_column(string code, string value, bool allowed)
    {
        Assert.Equal(allowed, PicsRegistry.Default.Find(code)!.Values.Allows(PicsValue.Parse(value)));
    }

    [Fact]
    public void The_feature_tables_give_layers_and_presence_codes_for_features_without_rows()
    {
        PicsRegistry r = PicsRegistry.Default;

        Assert.Equal("Pairing/Connection Layer Features", r.LayerOf("TRANS"));
        Assert.Equal("Application Layer Features", r.LayerOf("CTRL"));
        Assert.Null(r.LayerOf("VERSION"));
        Assert.NotNull(r.Find("MASH.S.MEAS"));
        Assert.Equal("MASH.S.CTRL.F03", r.FlagCode("EMOB"));
        Assert.Contains(r.WitnessesOf("BIDIRECTIONAL"), e => e.Code == "MASH.S.CTRL.A47");
    }

    [Fact]
    public void A_row_the_registry_cannot_read_names_its_document_and_line()
    {
        const string doc = "# T\n\n| PICS Code | Description | Values | Conformance |\n|---|---|---|---|\n| MASH.S.X | x | 1 | M |\n| MASH.S.Y | y | lots | M |\n";

        PicsRegistryFormatException ex = Assert.Throws<PicsRegistryFormatException>(() => PicsRegistry.Load(("t.md", doc)));
        Assert.StartsWith("t.md:6:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_code_defined_twice_is_refused()
    {
        const string doc = "| PICS Code | Description |\n|---|---|\n| MASH.S.X | x |\n| MASH.S.X | again |\n";

        Assert.Throws<PicsRegistryFormatException>(() => PicsRegistry.Load(("t.md", doc)));
    }

    [Fact]
    public void Code_blocks_in_the_documents_are_not_read_as_tables()
    {
        const string doc = "```\n| PICS Code | Description |\n|---|---|\n| MASH.S.X | x |\n```\n";

        Assert.Empty(PicsRegistry.Load(("t.md", doc)).Entries);
    }
}
