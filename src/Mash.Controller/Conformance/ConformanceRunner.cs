using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Mash.Protocol.Commissioning;

namespace Mash.Controller.Conformance;

/// <summary>
/// Runs conformance cases against a device: each case whose PICS requirements the device's PICS
/// meets runs in order, with the zones the run commissions shared between cases and every
/// connection of a case closed when it ends.
/// </summary>
public static class ConformanceRunner
{
    /// <summary>Need: the device's test event enable key.</summary>
    public const string NeedTestEventKey = "test-event-key";

    /// <summary>Need: an openssl executable (for key exchange groups the .NET TLS API cannot choose).</summary>
    public const string NeedOpenssl = "openssl";

    /// <summary>Whether <paramref name="testCase"/> applies to the PICS; <paramref name="reason"/> says why not.</summary>
    public static bool IsSelected(ConformanceCase testCase, Mash.Protocol.Pics.PicsFile pics, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        ArgumentNullException.ThrowIfNull(pics);
        var unmet = new List<string>();
        foreach (string text in testCase.Pics)
        {
            PicsRequirement requirement = PicsRequirement.Parse(text);
            if (!requirement.IsMet(pics))
            {
                unmet.Add(requirement.Explain(pics));
            }
        }

        reason = unmet.Count == 0 ? null : "PICS: " + string.Join("; ", unmet);
        return unmet.Count == 0;
    }

    /// <summary>Runs <paramref name="cases"/> in order and returns every result, not applicable ones included.</summary>
    public static async Task<ConformanceRunResult> RunAsync(ConformanceOptions options, IReadOnlyList<ConformanceCase> cases, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(cases);
        DateTimeOffset started = DateTimeOffset.UtcNow;
        var total = Stopwatch.StartNew();
        var results = new List<CaseResult>();
        Directory.CreateDirectory(options.StateDirectory);
        using var session = new DeviceSession(options);
        bool opensslFound = options.OpensslPath is not null && Executable(options.OpensslPath);
        bool checkedDevice = false;
        try
        {
            foreach (ConformanceCase testCase in cases)
            {
                if (options.Filter is { } filter
                    && !testCase.Id.Contains(filter, StringComparison.OrdinalIgnoreCase)
                    && !testCase.Title.Contains(filter, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (!IsSelected(testCase, options.Pics, out string? notApplicable))
                {
                    results.Add(new CaseResult(testCase, CaseOutcome.NotApplicable, notApplicable, TimeSpan.Zero, []));
                    options.Log?.Invoke($"n/a  {testCase.Id}: {notApplicable}");
                    continue;
                }

                string? missing = testCase.Needs.Contains(NeedTestEventKey) && options.TestEventKey is null ? "needs the device's test event key (--test-event-key)"
                    : testCase.Needs.Contains(NeedOpenssl) && !opensslFound ? "needs the openssl command (not found)"
                    : null;
                if (missing is not null)
                {
                    results.Add(new CaseResult(testCase, CaseOutcome.Skipped, missing, TimeSpan.Zero, []));
                    options.Log?.Invoke($"SKIP {testCase.Id}: {missing}");
                    continue;
                }

                if (!checkedDevice)
                {
                    await CheckDeviceAsync(session, options, cancellationToken).ConfigureAwait(false);
                    checkedDevice = true;
                }

                CaseResult result = await RunCaseAsync(testCase, session, options, cancellationToken).ConfigureAwait(false);
                results.Add(result);
                string verdict = result.Outcome switch
                {
                    CaseOutcome.Passed => "PASS",
                    CaseOutcome.Failed => "FAIL",
                    _ => "SKIP",
                };
                options.Log?.Invoke(string.Format(
                    CultureInfo.InvariantCulture, "{0} {1} ({2:F1} s){3}", verdict, testCase.Id, result.Duration.TotalSeconds, result.Reason is null ? string.Empty : ": " + result.Reason));
            }
        }
        finally
        {
            // Also after failures and Ctrl-C: the zones this run created would otherwise block the
            // next run (the window closes with each commissioning). Its own time limit, since the
            // caller's token may already be cancelled.
            using var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await session.RestoreAsync(line => options.Log?.Invoke(line), cleanup.Token).ConfigureAwait(false);
        }

        return new ConformanceRunResult(options.Host + ":" + options.Port.ToString(CultureInfo.InvariantCulture), results, started, total.Elapsed);
    }

    /// <summary>
    /// Before the first case: the device must accept a commissioning session (the run commissions
    /// its own zones). A device that backs off is waited for once; a closed window is opened with
    /// the lab's command if there is one. Otherwise the run stops with one line saying what to do.
    /// </summary>
    private static async Task CheckDeviceAsync(DeviceSession session, ConformanceOptions options, CancellationToken cancellationToken)
    {
        try
        {
            await CheckWindowAsync(session, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or System.Security.Authentication.AuthenticationException or System.Net.Sockets.SocketException or TimeoutException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new ConformanceSetupException("cannot open a commissioning connection to the device: " + ex.Message, ex);
        }
    }

    private static async Task CheckWindowAsync(DeviceSession session, ConformanceOptions options, CancellationToken cancellationToken)
    {
        CommissioningMessage? refusal = await session.ProbeCommissioningAsync(cancellationToken).ConfigureAwait(false);
        if (refusal is not null && DeviceSession.RetryAfter(refusal.ErrorCode, refusal.Text) is { } wait)
        {
            options.Log?.Invoke($"the device asks to wait (\"{refusal.Text}\"); waiting {wait.TotalSeconds:F1} s");
            await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            refusal = await session.ProbeCommissioningAsync(cancellationToken).ConfigureAwait(false);
        }

        if (refusal is { ErrorCode: CommissioningErrorCode.WindowClosed } && options.OpenWindowCommand is { } command)
        {
            options.Log?.Invoke($"the device's commissioning window is closed; opening it with \"{command}\"");
            try
            {
                await session.RunOpenWindowCommandAsync(command, cancellationToken).ConfigureAwait(false);
            }
            catch (StepFailedException ex)
            {
                throw new ConformanceSetupException("the device's commissioning window is closed and " + ex.Message);
            }

            refusal = await session.ProbeCommissioningAsync(cancellationToken).ConfigureAwait(false);
        }

        if (refusal is null)
        {
            session.WindowOpen = true;
            return;
        }

        string said = string.IsNullOrWhiteSpace(refusal.Text) ? refusal.ErrorCode.ToString() : refusal.Text;
        throw new ConformanceSetupException(refusal.ErrorCode == CommissioningErrorCode.WindowClosed
            ? $"the device refuses commissioning (\"{said}\"): it holds zones this run cannot use (an earlier run, another controller) or its window timed out; "
                + "factory-reset it (mash-load --factory-reset), open its commissioning window (button; kill -USR1 PID for mash-load), "
                + "or give --open-window-command CMD, then run again"
            : $"the device refuses commissioning (\"{said}\"), which every run starts with; make sure no other controller is commissioning it, then run again");
    }

    private static async Task<CaseResult> RunCaseAsync(ConformanceCase testCase, DeviceSession session, ConformanceOptions options, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(options.CaseTimeout);
        var run = new CaseRun(testCase, session, limit.Token);
        try
        {
            await run.RunAsync().ConfigureAwait(false);
            return new CaseResult(testCase, CaseOutcome.Passed, null, watch.Elapsed, run.Log);
        }
        catch (StepFailedException ex)
        {
            return new CaseResult(testCase, CaseOutcome.Failed, ex.Message, watch.Elapsed, run.Log);
        }
        catch (CaseSkippedException ex)
        {
            return new CaseResult(testCase, CaseOutcome.Skipped, ex.Message, watch.Elapsed, run.Log);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new CaseResult(testCase, CaseOutcome.Failed, $"the case did not finish within {options.CaseTimeout.TotalSeconds:F0} s", watch.Elapsed, run.Log);
        }
#pragma warning disable CA1031 // Whatever a device makes a case run into is that case's failure; the run goes on.
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            return new CaseResult(testCase, CaseOutcome.Failed, ex.GetType().Name + ": " + ex.Message, watch.Elapsed, run.Log);
        }
    }

    private static bool Executable(string name)
    {
        if (Path.IsPathRooted(name))
        {
            return File.Exists(name);
        }

        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            if (dir.Length > 0 && File.Exists(Path.Combine(dir, name)))
            {
                return true;
            }
        }

        return false;
    }
}
