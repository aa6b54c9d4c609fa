using System;
using Xunit;

namespace Mash.Device.Host.Tests.EndToEnd;

/// <summary>
/// Every bad mash-load command line ends with exit code 1 and one stderr line that names the option
/// and what is allowed, then where the help is: no stack trace, no help dump, no .NET type names.
/// </summary>
public sealed class CommandLineErrorTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("--port abc", "--port", "1 to 65535")]
    [InlineData("--port 0", "--port", "1 to 65535")]
    [InlineData("--port 70000", "--port", "1 to 65535")]
    [InlineData("--port 99999999999999999999", "--port", "1 to 65535")]
    [InlineData("--port", "--port", "needs a value")]
    [InlineData("--port --data x", "--port", "needs a value")]
    [InlineData("--port 1 --port 2", "--port", "takes one")]
    [InlineData("--discriminator x", "--discriminator", "0 to 4095")]
    [InlineData("--discriminator 4096", "--discriminator", "0 to 4095")]
    [InlineData("--discriminator -1", "--discriminator", "0 to 4095")]
    [InlineData("--setup-code 1234", "--setup-code", "8 digits")]
    [InlineData("--setup-code abcdefgh", "--setup-code", "8 digits")]
    [InlineData("--setup-code 12345678", "--setup-code", "--allow-weak-code")]
    [InlineData("--log-level loud", "--log-level", "trace, debug, info, warn, error")]
    [InlineData("--log-level", "--log-level", "needs a value")]
    [InlineData("--health-interval -1", "--health-interval", "0 or more")]
    [InlineData("--health-interval soon", "--health-interval", "0 or more")]
    [InlineData("--test-event-key zz", "--test-event-key", "32 hex digits")]
    [InlineData("--break ping", "--break", "--test-event-key")]
    [InlineData("--break nothing --test-event-key 5a17c0de5a17c0de5a17c0de5a17c0de", "--break", "ping, zero-length-frame")]
    [InlineData("--data", "--data", "needs a value")]
    [InlineData("--board", "--board", "needs a value")]
    [InlineData("--interface", "--interface", "needs a value")]
    [InlineData("--provision", "--provision", "needs a value")]
    [InlineData("--prot 8443", "--prot", "did you mean --port?")]
    [InlineData("--bogus", "--bogus", "unknown option")]
    [InlineData("extra", "extra", "unexpected argument")]
    public void A_bad_command_line_gets_one_line_naming_the_option_and_exit_code_1(string commandLine, string names, string allowed)
    {
        (int code, MashLoadProcess p) = MashLoadProcess.RunToExit(_dir.Path, commandLine.Split(' '));
        using (p)
        {
            string stderr = string.Join('\n', p.Stderr);
            Assert.True(code == ExitCodes.Usage, $"exit {code}; stderr:\n{stderr}");
            string line = Assert.Single(p.Stderr);
            Assert.StartsWith("mash-load: ", line, StringComparison.Ordinal);
            Assert.Contains(names, line, StringComparison.Ordinal);
            Assert.Contains(allowed, line, StringComparison.Ordinal);
            Assert.EndsWith("(see 'mash-load --help')", line, StringComparison.Ordinal);
            Assert.DoesNotContain("System.", line, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", line, StringComparison.Ordinal);
            Assert.DoesNotContain("Int32", line, StringComparison.Ordinal);
            Assert.Empty(p.Stdout);
        }
    }

    [Fact]
    public void An_unknown_board_name_lists_the_built_in_boards_with_exit_code_2()
    {
        (int code, MashLoadProcess p) = MashLoadProcess.RunToExit(_dir.Path, "--board", "no-such-board");
        using (p)
        {
            Assert.Equal(ExitCodes.BadBoard, code);
            string line = Assert.Single(p.Stderr);
            Assert.Contains("host-sim", line, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", line, StringComparison.Ordinal);
        }
    }
}
