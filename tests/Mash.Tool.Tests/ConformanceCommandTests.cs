using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace Mash.Tool.Tests;

public sealed class ConformanceCommandTests
{
    private static readonly string Shipped = Path.Combine(AppContext.BaseDirectory, "pics", "mash-load.pics");

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.IPv6Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task List_shows_which_cases_the_pics_selects_and_why_the_others_do_not_apply()
    {
        CliRun run = await CliRun.RunAsync("conformance", "list", "--pics", Shipped);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("run  TC-TLS-CIPHER-2", run.Output, StringComparison.Ordinal);
        Assert.Contains("n/a  TC-TLS-CIPHER-ABSENT-AES256", run.Output, StringComparison.Ordinal);
        Assert.Contains("PICS: needs !MASH.S.TRANS.TLS_AES_256_GCM, declared MASH.S.TRANS.TLS_AES_256_GCM=1 at line", run.Output, StringComparison.Ordinal);
        Assert.Contains("[needs test-event-key]", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_as_json_gives_every_case_with_its_selection()
    {
        CliRun run = await CliRun.RunAsync("conformance", "list", "--pics", Shipped, "--json");

        Assert.Equal(0, run.ExitCode);
        using System.Text.Json.JsonDocument doc = System.Text.Json.JsonDocument.Parse(run.Output);
        System.Text.Json.JsonElement heartbeatFull = doc.RootElement.EnumerateArray().Single(c => c.GetProperty("id").GetString() == "TC-SUB-004-FULL");
        Assert.False(heartbeatFull.GetProperty("selected").GetBoolean());
        Assert.Contains("HEARTBEAT_CONTENT", heartbeatFull.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_device_that_cannot_be_reached_exits_2()
    {
        string address = "[::1]:" + ClosedPort().ToString(CultureInfo.InvariantCulture);

        CliRun run = await CliRun.RunAsync("conformance", "run", "--address", address, "--setup-code", "20252026", "--pics", Shipped);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("cannot reach the device", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--test-event-key", "abc", "32 hex digits")]
    [InlineData("--setup-code", "12", "--setup-code")]
    [InlineData("--address", "no-port-here:x", "--address")]
    public async Task Bad_options_exit_1_naming_the_option(string option, string value, string message)
    {
        string[] args = ["conformance", "run", "--address", "[::1]:8443", "--setup-code", "20252026", "--pics", Shipped];
        int at = Array.IndexOf(args, option);
        if (at >= 0)
        {
            args[at + 1] = value;
        }
        else
        {
            args = [.. args, option, value];
        }

        CliRun run = await CliRun.RunAsync(args);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
    }
}
