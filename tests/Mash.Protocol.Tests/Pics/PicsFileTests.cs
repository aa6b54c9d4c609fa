using System.Linq;
using Mash.Protocol.Pics;

namespace Mash.Protocol.Tests.Pics;

public sealed class PicsFileTests
{
    [Fact]
    public void Comments_blank_lines_and_crlf_line_ends_are_skipped_and_every_entry_keeps_its_line_number()
    {
        PicsFile file = PicsFile.Parse("# header\r\n\r\nMASH.S=1\r\n   \r\nMASH.S.TRANS.PORT=8443\r\n");

        Assert.Empty(file.Diagnostics);
        Assert.Equal([3, 5], file.Entries.Select(e => e.Line));
        Assert.Equal(8443, file.GetInteger("MASH.S.TRANS.PORT"));
        Assert.Equal(5, file.LineCount);
    }

    [Fact]
    public void Codes_compare_case_insensitively()
    {
        PicsFile file = PicsFile.Parse("mash.s.ctrl.c01.rsp=1\n");

        Assert.True(file.IsEnabled("MASH.S.CTRL.C01.Rsp"));
    }

    [Fact]
    public void Values_are_numbers_quoted_strings_or_words_and_zero_means_not_supported()
    {
        PicsFile file = PicsFile.Parse("MASH.S.A=0\nMASH.S.B=0.25\nMASH.S.C=\"1%\"\nMASH.S.D=true\nMASH.S.E=false\n");

        Assert.Equal(PicsValueKind.Number, file.Find("MASH.S.A")!.Value.Kind);
        Assert.False(file.IsEnabled("MASH.S.A"));
        Assert.Equal(0.25m, file.Find("MASH.S.B")!.Value.Number);
        Assert.Equal("1%", file.Find("MASH.S.C")!.Value.Content);
        Assert.True(file.IsEnabled("MASH.S.C"));
        Assert.True(file.IsEnabled("MASH.S.D"));
        Assert.False(file.IsEnabled("MASH.S.E"));
    }

    [Fact]
    public void A_comment_after_a_value_is_split_off_and_flagged_because_mash_test_would_read_it_as_the_value()
    {
        PicsFile file = PicsFile.Parse("MASH.S.CTRL.F00=1       # CORE\nMASH.S.SUB.COALESCE=\"a#b\"  # note\n");

        Assert.Equal("1", file.Find("MASH.S.CTRL.F00")!.Value.Text);
        Assert.Equal("a#b", file.Find("MASH.S.SUB.COALESCE")!.Value.Content);
        Assert.Equal(2, file.Diagnostics.Count);
        Assert.All(file.Diagnostics, d => Assert.Equal(PicsSeverity.Warning, d.Severity));
        Assert.Contains("mash-test", file.Diagnostics[0].Message, System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("just some words", "expected CODE=VALUE")]
    [InlineData("FOO.S.TRANS=1", "is not a PICS code")]
    [InlineData("MASH.X.TRANS=1", "is not a PICS code")]
    [InlineData("MASH.S..TRANS=1", "is not a PICS code")]
    [InlineData("MASH.S.TRANS=", "has no value")]
    [InlineData("MASH.S.COMM.PASE_GROUP=\"P-256", "not closed")]
    [InlineData("MASH.S.COMM.PASE_GROUP=\"P-256\" x", "unexpected text")]
    [InlineData("MASH.S.COMM.PASE_GROUP=P 256", "contains spaces")]
    public void A_line_that_is_not_understood_is_an_error_at_its_line_and_the_rest_of_the_file_still_parses(string bad, string message)
    {
        PicsFile file = PicsFile.Parse("MASH.S=1\n" + bad + "\nMASH.S.TRANS=1\n");

        PicsDiagnostic error = Assert.Single(file.Diagnostics);
        Assert.Equal(2, error.Line);
        Assert.Equal(PicsSeverity.Error, error.Severity);
        Assert.Contains(message, error.Message, System.StringComparison.Ordinal);
        Assert.True(file.IsEnabled("MASH.S.TRANS"));
    }

    [Fact]
    public void An_indented_comment_is_a_comment_with_a_warning()
    {
        PicsFile file = PicsFile.Parse("MASH.S=1\n  # indented\n");

        PicsDiagnostic warning = Assert.Single(file.Diagnostics);
        Assert.Equal(PicsSeverity.Warning, warning.Severity);
        Assert.Equal("x.pics:2: warning: " + warning.Message, warning.Format("x.pics"));
    }
}
