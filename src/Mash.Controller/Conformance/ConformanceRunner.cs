using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

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

        return new ConformanceRunResult(options.Host + ":" + options.Port.ToString(CultureInfo.InvariantCulture), results, started, total.Elapsed);
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
