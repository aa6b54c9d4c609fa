using System;
using System.IO;
using System.Text.Json;
using System.Threading.Tasks;

namespace Mash.Tool.Tests;

public sealed class PicsCommandTests : IDisposable
{
    private static readonly string Shipped = Path.Combine(AppContext.BaseDirectory, "pics", "mash-load.pics");
    private readonly string _dir = Directory.CreateTempSubdirectory("pics").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Broken(Func<string, string> change)
    {
        string path = Path.Combine(_dir, "broken.pics");
        File.WriteAllText(path, change(File.ReadAllText(Shipped)));
        return path;
    }

    [Fact]
    public async Task The_shipped_pics_validates_and_prints_the_code_count()
    {
        CliRun run = await CliRun.RunAsync("pics", "validate", Shipped);

        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"^ok: \d{3} codes$", run.Output.Trim());
    }

    [Fact]
    public async Task A_broken_copy_prints_one_file_line_message_per_problem_and_exits_1()
    {
        string path = Broken(t => t
            .Replace("MASH.S.TRANS.PING_INTERVAL=30", "MASH.S.TRANS.PING_INTERVAL=20", StringComparison.Ordinal)
            .Replace("MASH.S.COMM.CSR_TIMEOUT=10\n", string.Empty, StringComparison.Ordinal)
            + "MASH.S.TRANS.PORTT=8443\n");

        CliRun run = await CliRun.RunAsync("pics", "validate", path);

        Assert.Equal(1, run.ExitCode);
        string[] lines = run.Output.Trim().Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.All(lines, l => Assert.Matches(@"^.*broken\.pics:\d+: ", l));
        Assert.Contains(lines, l => l.Contains("MASH.S.TRANS.PING_INTERVAL=20 is not allowed", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("MASH.S.COMM.CSR_TIMEOUT", StringComparison.Ordinal) && l.Contains("mandatory", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("unknown PICS code MASH.S.TRANS.PORTT", StringComparison.Ordinal));
        Assert.Contains("not a valid PICS: 3 error(s)", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_output_carries_every_finding_with_its_line()
    {
        string path = Broken(t => t.Replace("MASH.S.TRANS.PORT=8443", "MASH.S.TRANS.PORT=80", StringComparison.Ordinal));

        CliRun run = await CliRun.RunAsync("pics", "validate", path, "--json");

        Assert.Equal(1, run.ExitCode);
        using JsonDocument doc = JsonDocument.Parse(run.Output);
        Assert.False(doc.RootElement.GetProperty("valid").GetBoolean());
        JsonElement finding = Assert.Single(doc.RootElement.GetProperty("diagnostics").EnumerateArray());
        Assert.Equal("MASH.S.TRANS.PORT", finding.GetProperty("code").GetString());
        Assert.True(finding.GetProperty("line").GetInt32() > 0);
    }

    [Fact]
    public async Task A_file_that_cannot_be_read_exits_2_with_a_reason()
    {
        CliRun run = await CliRun.RunAsync("pics", "validate", Path.Combine(_dir, "missing.pics"));

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("mashctl: cannot read", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_says_which_exit_code_means_an_invalid_pics()
    {
        CliRun run = await CliRun.RunAsync("pics", "validate", "--help");

        Assert.Contains("1 not a valid PICS", run.Output, StringComparison.Ordinal);
    }
}
