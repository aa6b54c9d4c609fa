using System.Collections.Generic;

namespace Mash.Controller.Conformance;

/// <summary>
/// One test case as its YAML file writes it (conformance/cases/*.yaml): what it checks, where the
/// rule comes from, the PICS codes it needs, and the steps from the runner's fixed vocabulary
/// (<see cref="StepActions"/>). Cleanup steps run after the steps whether they passed or not.
/// </summary>
public sealed class ConformanceCase
{
    /// <summary>Test case ID, e.g. TC-TLS-VERSION-1.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>One line: what a pass means.</summary>
    public string Title { get; set; } = string.Empty;

    /// <summary>The behaviour document and section the rule comes from.</summary>
    public string Source { get; set; } = string.Empty;

    /// <summary>Longer explanation (optional).</summary>
    public string? Description { get; set; }

    /// <summary>PICS requirements, each <c>CODE</c> (declared supported), <c>CODE=VALUE</c> or <c>!CODE</c> (not supported).</summary>
    public List<string> Pics { get; set; } = [];

    /// <summary>Runner capabilities the case needs: <c>test-event-key</c>, <c>openssl</c>.</summary>
    public List<string> Needs { get; set; } = [];

    public List<ConformanceStep> Steps { get; set; } = [];

    public List<ConformanceStep> Cleanup { get; set; } = [];

    /// <summary>Where the case was loaded from (file or resource name).</summary>
    public string Origin { get; set; } = string.Empty;

    public override string ToString() => Id + ": " + Title;
}
