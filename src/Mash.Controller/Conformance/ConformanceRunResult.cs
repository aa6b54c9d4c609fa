using System;
using System.Collections.Generic;

namespace Mash.Controller.Conformance;

/// <summary>All case results of one run, in run order.</summary>
public sealed class ConformanceRunResult
{
    public ConformanceRunResult(string target, IReadOnlyList<CaseResult> results, DateTimeOffset started, TimeSpan duration)
    {
        Target = target;
        Results = results;
        Started = started;
        Duration = duration;
        foreach (CaseResult r in results)
        {
            switch (r.Outcome)
            {
                case CaseOutcome.Passed:
                    Passed++;
                    break;
                case CaseOutcome.Failed:
                    Failed++;
                    break;
                case CaseOutcome.Skipped:
                    Skipped++;
                    break;
                default:
                    NotApplicable++;
                    break;
            }
        }
    }

    /// <summary>HOST:PORT of the device.</summary>
    public string Target { get; }

    public IReadOnlyList<CaseResult> Results { get; }

    public DateTimeOffset Started { get; }

    public TimeSpan Duration { get; }

    public int Passed { get; }

    public int Failed { get; }

    public int Skipped { get; }

    public int NotApplicable { get; }

    /// <summary>Cases the PICS selected (passed, failed or skipped).</summary>
    public int Selected => Passed + Failed + Skipped;

    public bool Success => Failed == 0;
}
