using System;
using System.CommandLine;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Mash.Cli;
using Mash.Tool.Commands;

namespace Mash.Tool;

/// <summary>The mashctl command tree. Commands write results to Output and logs and errors to Error.</summary>
internal static class MashCtl
{
    public static RootCommand BuildRootCommand()
    {
        var state = new Option<string?>("--state")
        {
            Description = "Folder with this controller's Zone CA, zone type and known devices (default: $XDG_CONFIG_HOME/mashctl or ~/.config/mashctl)",
            HelpName = "DIR",
            Recursive = true,
        };
        var root = new RootCommand("mashctl: commission and operate MASH devices (installer and lab tool)");
        root.Options.Add(state);
        root.Subcommands.Add(CommissionCommand.Create(state));
        root.Subcommands.Add(DevicesCommand.Create(state));
        root.Subcommands.Add(ProvisionCommand.Create());
        root.Subcommands.Add(ZonesCommand.Create(state));
        root.Subcommands.Add(ReadCommand.Create(state));
        root.Subcommands.Add(SubscribeCommand.Create(state));
        root.Subcommands.Add(InvokeCommand.Create(state));
        root.Subcommands.Add(LimitCommand.Create(state));
        root.Subcommands.Add(LabelCommand.Create());
        root.Subcommands.Add(DiscoverCommand.Create());
        root.Subcommands.Add(PicsCommand.Create());
        root.Subcommands.Add(ConformanceCommand.Create());

        // Last, so every option, including ones added later, gets the one-line usage errors.
        CommonOptions.CheckAddresses(root);
        UsageErrors.Apply(root);
        return root;
    }

    /// <summary>Runs one command line; tests pass their own writers.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null, CancellationToken cancellationToken = default)
    {
        var configuration = new InvocationConfiguration();
        if (output is not null)
        {
            configuration.Output = output;
        }

        if (error is not null)
        {
            configuration.Error = error;
        }

        ParseResult parsed = BuildRootCommand().Parse(args);
        if (UsageErrors.Report(parsed, configuration.Error, "mashctl"))
        {
            return Task.FromResult(ExitCodes.Usage);
        }

        return parsed.InvokeAsync(configuration, cancellationToken);
    }

    /// <summary>Runs a command's body and turns its failures into the exit code and one-line reason.</summary>
    public static async Task<int> GuardAsync(ParseResult parseResult, Func<Task<int>> body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (CommandFailedException ex)
        {
            return Fail(parseResult, ex.ExitCode, ex.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Fail(parseResult, ExitCodes.Cancelled, "cancelled");
        }
    }

    /// <summary>The one-line reason every failure ends with.</summary>
    public static int Fail(ParseResult parseResult, int exitCode, string reason)
    {
        parseResult.InvocationConfiguration.Error.WriteLine("mashctl: " + reason);
        return exitCode;
    }
}
