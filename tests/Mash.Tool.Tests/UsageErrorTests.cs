using System;
using System.Threading.Tasks;
using Xunit;

namespace Mash.Tool.Tests;

/// <summary>
/// Every bad mashctl command line ends with exit code 1 (usage) and one stderr line that names the
/// option and what is allowed: no help dump, no .NET type names. Lines the parser reports end with
/// where the help is; range checks a command makes itself are one line too.
/// </summary>
public sealed class UsageErrorTests
{
    [Theory]
    [InlineData("limit set --device D --watts abc", "--watts", "is not a number")]
    [InlineData("limit set --device D --watts -5", "--watts", "0 W or more")]
    [InlineData("limit set --device D --watts", "--watts", "needs a value")]
    [InlineData("limit set --device D --watts 2,5", "--watts", "use a dot")]
    [InlineData("limit set --device D --watts 5 --duration -1", "--duration", "0 or more")]
    [InlineData("limit set --device D --watts 5 --duration soon", "--duration", "0 or more")]
    [InlineData("limit set --device D --watts 5 --duration 100000", "--duration", "86400")]
    [InlineData("limit set --device D --watts 5 --cause because", "--cause", "grid-emergency, grid-optimization")]
    [InlineData("limit set --watts 5", "--device", "is required")]
    [InlineData("limit set --device --watts 5", "--device", "needs a value")]
    [InlineData("limit", "limit", "set, clear")]
    [InlineData("subscribe --device D --count x", "--count", "whole number")]
    [InlineData("subscribe --device D --min x", "--min", "is not a number")]
    [InlineData("subscribe --device D --min 5000", "--min", "3600")]
    [InlineData("subscribe --device D --max 0", "--max", "86400")]
    [InlineData("read --device D --endpoint 300", "--endpoint", "0 to 255")]
    [InlineData("read --device D --endpoint one", "--endpoint", "0 to 255")]
    [InlineData("read --device D --endpoint", "--endpoint", "needs a value")]
    [InlineData("commission MASH:1:1:20202021 --address ::1:8443", "--address", "[::1]:8443")]
    [InlineData("commission MASH:1:1:20202021 --address host:http", "--address", "HOST:PORT")]
    [InlineData("commission MASH:1:1:20202021 --address host:70000", "--address", "1 to 65535")]
    [InlineData("commission MASH:1:1:20202021 --address", "--address", "needs a value")]
    [InlineData("commission MASH:1:1:20202021 --zone-type boss", "--zone-type", "grid-operator, building-manager, home-manager, user-app")]
    [InlineData("commission MASH:1:1:20202021 --discovery-timeout x", "--discovery-timeout", "is not a number")]
    [InlineData("commission", "PAYLOAD", "QR payload")]
    [InlineData("commission 1234", "PAYLOAD", "manual code")]
    [InlineData("provision --count x --out OUT", "--count", "whole number")]
    [InlineData("provision --count 0 --out OUT", "--count", "1..10000")]
    [InlineData("label MASH:1:1:20202021 --out", "--out", "needs a value")]
    [InlineData("label MASH:1:1:20202021 --out l.png --module-pixels x", "--module-pixels", "whole number")]
    [InlineData("discover --timeout x", "--timeout", "is not a number")]
    [InlineData("conformance run --address ::1:8443 --setup-code 20202021 --pics p", "--address", "[::1]:8443")]
    [InlineData("conformance run --setup-code 20202021 --pics p", "--address", "is required")]
    [InlineData("invoke --device D --endpoint 1 --feature f --command", "--command", "needs a value")]
    [InlineData("zones remove --device", "--device", "needs a value")]
    [InlineData("limit set --device D --watts 5 --bogus", "--bogus", "unknown option")]
    [InlineData("limit set --device D --wats 5", "--wats", "did you mean --watts?")]
    [InlineData("comission X", "comission", "did you mean commission?")]
    public async Task A_bad_command_line_gets_one_line_naming_the_option_and_exit_code_1(string commandLine, string names, string allowed)
    {
        using var state = new TempState();
        string[] args = ["--state", state.Folder, .. commandLine.Replace("OUT", state.Folder + "/batch", StringComparison.Ordinal).Split(' ')];

        CliRun run = await CliRun.RunAsync(args);

        Assert.True(run.ExitCode == ExitCodes.Usage, $"exit {run.ExitCode}; stderr:\n{run.Error}");
        string line = Assert.Single(run.ErrorLines);
        Assert.StartsWith("mashctl: ", line, StringComparison.Ordinal);
        Assert.Contains(names, line, StringComparison.Ordinal);
        Assert.Contains(allowed, line, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Int32", line, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Output);
    }

    [Fact]
    public async Task Parse_errors_say_where_the_help_of_that_command_is()
    {
        CliRun run = await CliRun.RunAsync("limit", "set", "--device", "D", "--watts", "x");

        Assert.EndsWith("(see 'mashctl limit set --help')", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
    }
}
