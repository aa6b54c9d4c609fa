using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Mash.Controller.Conformance;
using Mash.Controller.Transport;
using Mash.Protocol.Onboarding;
using Mash.Protocol.Pics;

namespace Mash.Tool.Commands;

/// <summary>
/// <c>mashctl conformance run --address HOST:PORT --setup-code CODE --pics FILE [--junit FILE]</c>
/// and <c>mashctl conformance list --pics FILE</c>.
/// </summary>
internal static class ConformanceCommand
{
    /// <summary>At least one selected case failed.</summary>
    public const int CasesFailed = 4;

    public static Command Create()
    {
        var command = new Command("conformance", "Test a MASH device against the conformance cases its PICS selects");
        command.Subcommands.Add(CreateRun());
        command.Subcommands.Add(CreateList());
        return command;
    }

    private static Option<string> PicsOption() => new("--pics")
    {
        Description = "The device's PICS file: it selects the cases and supplies the figures they check",
        HelpName = "FILE",
        Required = true,
    };

    private static Option<string?> CasesOption() => new("--cases")
    {
        Description = "A folder of case files (*.yaml) to run instead of the cases shipped with mashctl",
        HelpName = "DIR",
    };

    private static Command CreateRun()
    {
        var address = new Option<string>("--address") { Description = "Where the device listens, HOST:PORT (IPv6 in brackets)", HelpName = "HOST:PORT", Required = true };
        var setupCode = new Option<string>("--setup-code") { Description = "The device's setup code (8 digits), QR payload or manual code", HelpName = "CODE", Required = true };
        Option<string> pics = PicsOption();
        var junit = new Option<string?>("--junit") { Description = "Write a JUnit XML report to this file", HelpName = "FILE" };
        var testKey = new Option<string?>("--test-event-key")
        {
            Description = "The device's test event enable key (32 hex digits); enables the cases that shorten failsafe and duration timers",
            HelpName = "HEX",
        };
        var openWindow = new Option<string?>("--open-window-command")
        {
            Description = "Shell command that opens the device's commissioning window (lab button relay, 'kill -USR1 PID'); "
                + "without it the runner asks a commissioned zone, which only this firmware supports",
            HelpName = "CMD",
        };
        Option<string?> cases = CasesOption();
        var filter = new Option<string?>("--filter") { Description = "Run only cases whose ID or title contains this text", HelpName = "TEXT" };
        var keep = new Option<bool>("--keep-state") { Description = "Keep the runner's zone folders (Zone CAs, certificates) after the run and print where" };
        var json = new Option<bool>("--json") { Description = "Print the results as one JSON document on stdout instead of the summary" };
        var command = new Command(
            "run",
            "Run every case the PICS selects against the device, in order: TLS profile, framing and keep-alive, commissioning and its failure paths, "
            + "subscriptions, durations, zone limits, failsafe. The device's commissioning window must be open (a fresh device, or the end of an "
            + "earlier run); the run commissions zones of its own and removes them at the end. Exit codes: 0 every selected case passed, 1 bad options "
            + "or an invalid PICS, 2 the device cannot be reached or cannot be commissioned (the message says what to do), 4 at least one case failed.");
        foreach (Option option in (Option[])[address, setupCode, pics, junit, testKey, openWindow, cases, filter, keep, json])
        {
            command.Options.Add(option);
        }

        command.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult,
            new RunArguments(
                parseResult.GetValue(address)!,
                parseResult.GetValue(setupCode)!,
                parseResult.GetValue(pics)!,
                parseResult.GetValue(junit),
                parseResult.GetValue(testKey),
                parseResult.GetValue(openWindow),
                parseResult.GetValue(cases),
                parseResult.GetValue(filter),
                parseResult.GetValue(keep),
                parseResult.GetValue(json)),
            cancellationToken));
        return command;
    }

    private static Command CreateList()
    {
        Option<string> pics = PicsOption();
        Option<string?> cases = CasesOption();
        var json = new Option<bool>("--json") { Description = "Print the cases as one JSON array on stdout" };
        var command = new Command("list", "List the conformance cases and whether the PICS selects each (and why not)");
        command.Options.Add(pics);
        command.Options.Add(cases);
        command.Options.Add(json);
        command.SetAction(parseResult =>
        {
            TextWriter output = parseResult.InvocationConfiguration.Output;
            if (!TryLoad(parseResult, parseResult.GetValue(pics)!, parseResult.GetValue(cases), out PicsFile? file, out IReadOnlyList<ConformanceCase>? all, out int failure))
            {
                return failure;
            }

            if (parseResult.GetValue(json))
            {
                output.WriteLine(ListJson(all!, file!));
                return ExitCodes.Ok;
            }

            foreach (ConformanceCase c in all!)
            {
                bool selected = ConformanceRunner.IsSelected(c, file!, out string? reason);
                string needs = c.Needs.Count > 0 ? " [needs " + string.Join(", ", c.Needs) + "]" : string.Empty;
                output.WriteLine($"{(selected ? "run " : "n/a ")} {c.Id,-26} {c.Title}{needs}");
                if (!selected)
                {
                    output.WriteLine("      " + reason);
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private sealed record RunArguments(
        string Address, string SetupCode, string Pics, string? JUnit, string? TestKey, string? OpenWindow, string? Cases, string? Filter, bool Keep, bool Json);

    private static async Task<int> RunAsync(ParseResult parseResult, RunArguments a, CancellationToken cancellationToken)
    {
        TextWriter output = parseResult.InvocationConfiguration.Output;
        TextWriter error = parseResult.InvocationConfiguration.Error;
        if (!DeviceAddress.TryParse(a.Address, out DeviceAddress address))
        {
            return MashCtl.Fail(parseResult, ExitCodes.Usage, $"--address \"{a.Address}\" is not HOST:PORT");
        }

        SetupCode setupCode;
        try
        {
            setupCode = a.SetupCode.Length == SetupCode.Digits && IsDigits(a.SetupCode) ? SetupCode.Parse(a.SetupCode) : OnboardingCode.Parse(a.SetupCode).SetupCode;
        }
        catch (FormatException ex)
        {
            return MashCtl.Fail(parseResult, ExitCodes.Usage, "--setup-code is neither 8 digits, a QR payload nor a manual code: " + ex.Message);
        }

        byte[]? key = null;
        if (a.TestKey is not null)
        {
            try
            {
                key = Convert.FromHexString(a.TestKey);
            }
            catch (FormatException)
            {
                key = null;
            }

            if (key is not { Length: 16 })
            {
                return MashCtl.Fail(parseResult, ExitCodes.Usage, "--test-event-key must be 32 hex digits (16 bytes)");
            }
        }

        if (!TryLoad(parseResult, a.Pics, a.Cases, out PicsFile? pics, out IReadOnlyList<ConformanceCase>? cases, out int failure))
        {
            return failure;
        }

        if (!await ReachableAsync(address, cancellationToken).ConfigureAwait(false))
        {
            return MashCtl.Fail(parseResult, ExitCodes.Device, $"cannot reach the device at {address}");
        }

        string state = Path.Combine(Path.GetTempPath(), "mashctl-conformance-" + Guid.NewGuid().ToString("N")[..8]);
        var options = new ConformanceOptions
        {
            Host = address.Host,
            Port = address.Port,
            SetupCode = setupCode,
            Pics = pics!,
            TestEventKey = key,
            OpenWindowCommand = a.OpenWindow,
            StateDirectory = state,
            Filter = a.Filter,
            Log = line =>
            {
                lock (error)
                {
                    error.WriteLine(line);
                    error.Flush();
                }
            },
        };

        error.WriteLine($"conformance run against {address}: {cases!.Count} cases, PICS {a.Pics}");
        ConformanceRunResult result;
        try
        {
            result = await ConformanceRunner.RunAsync(options, cases, cancellationToken).ConfigureAwait(false);
        }
        catch (ConformanceSetupException ex)
        {
            return MashCtl.Fail(parseResult, ExitCodes.Device, ex.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return MashCtl.Fail(parseResult, ExitCodes.Cancelled, "cancelled");
        }
        finally
        {
            if (a.Keep)
            {
                error.WriteLine("zone folders kept in " + state);
            }
            else if (Directory.Exists(state))
            {
                Directory.Delete(state, recursive: true);
            }
        }

        if (a.JUnit is not null)
        {
            using FileStream stream = File.Create(a.JUnit);
            ConformanceReport.WriteJUnit(result, stream);
            error.WriteLine("JUnit report written to " + a.JUnit);
        }

        output.WriteLine(a.Json ? ToJson(result) : ConformanceReport.Summary(result));
        if (!result.Success)
        {
            error.WriteLine($"mashctl: {result.Failed} of {result.Selected} selected conformance cases failed");
            return CasesFailed;
        }

        return ExitCodes.Ok;
    }

    private static bool TryLoad(ParseResult parseResult, string picsPath, string? casesDir, out PicsFile? pics, out IReadOnlyList<ConformanceCase>? cases, out int failure)
    {
        pics = null;
        cases = null;
        failure = ExitCodes.Usage;
        try
        {
            pics = PicsFile.Load(picsPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            MashCtl.Fail(parseResult, ExitCodes.Usage, $"cannot read the PICS {picsPath}: {ex.Message}");
            return false;
        }

        PicsValidationResult validation = PicsValidator.Validate(pics);
        if (!validation.IsValid)
        {
            foreach (PicsDiagnostic d in validation.Diagnostics)
            {
                parseResult.InvocationConfiguration.Error.WriteLine(d.Format(picsPath));
            }

            MashCtl.Fail(parseResult, ExitCodes.Usage, $"{picsPath} is not a valid PICS ({validation.ErrorCount} errors); cases cannot be selected from it");
            return false;
        }

        try
        {
            cases = casesDir is null ? ConformanceCatalog.LoadEmbedded() : ConformanceCatalog.LoadDirectory(casesDir);
        }
        catch (Exception ex) when (ex is ConformanceCaseFormatException or IOException or UnauthorizedAccessException)
        {
            MashCtl.Fail(parseResult, ExitCodes.Usage, "cannot load the conformance cases: " + ex.Message);
            return false;
        }

        return true;
    }

    private static async Task<bool> ReachableAsync(DeviceAddress address, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            using var client = new TcpClient(AddressFamily.InterNetworkV6) { Client = { DualMode = true } };
            await client.ConnectAsync(address.Host.Trim('[', ']'), address.Port, limit.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static bool IsDigits(string text)
    {
        foreach (char c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static string ListJson(IReadOnlyList<ConformanceCase> cases, PicsFile pics)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartArray();
            foreach (ConformanceCase c in cases)
            {
                bool selected = ConformanceRunner.IsSelected(c, pics, out string? reason);
                writer.WriteStartObject();
                writer.WriteString("id", c.Id);
                writer.WriteString("title", c.Title);
                writer.WriteString("source", c.Source);
                writer.WriteBoolean("selected", selected);
                writer.WriteString("reason", reason);
                writer.WriteStartArray("needs");
                foreach (string need in c.Needs)
                {
                    writer.WriteStringValue(need);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string ToJson(ConformanceRunResult run)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("target", run.Target);
            writer.WriteNumber("passed", run.Passed);
            writer.WriteNumber("failed", run.Failed);
            writer.WriteNumber("skipped", run.Skipped);
            writer.WriteNumber("notApplicable", run.NotApplicable);
            writer.WriteNumber("seconds", Math.Round(run.Duration.TotalSeconds, 3));
            writer.WriteStartArray("cases");
            foreach (CaseResult r in run.Results)
            {
                writer.WriteStartObject();
                writer.WriteString("id", r.Case.Id);
                writer.WriteString("title", r.Case.Title);
                writer.WriteString("outcome", r.Outcome switch
                {
                    CaseOutcome.Passed => "passed",
                    CaseOutcome.Failed => "failed",
                    CaseOutcome.Skipped => "skipped",
                    _ => "not-applicable",
                });
                writer.WriteString("reason", r.Reason);
                writer.WriteNumber("seconds", Math.Round(r.Duration.TotalSeconds, 3));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
