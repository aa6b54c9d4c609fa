using System;
using System.Collections.Generic;

namespace Mash.Controller.Conformance;

/// <summary>How one case went.</summary>
/// <param name="Case">The case.</param>
/// <param name="Outcome">Passed, failed, skipped or not applicable.</param>
/// <param name="Reason">Why it failed or did not run (null when it passed).</param>
/// <param name="Duration">Wall time.</param>
/// <param name="Log">One line per step: what was done and what came back.</param>
public sealed record CaseResult(ConformanceCase Case, CaseOutcome Outcome, string? Reason, TimeSpan Duration, IReadOnlyList<string> Log);
