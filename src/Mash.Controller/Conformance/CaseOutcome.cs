namespace Mash.Controller.Conformance;

public enum CaseOutcome
{
    Passed,
    Failed,

    /// <summary>Selected by the PICS but could not run here (missing test key, openssl, ...).</summary>
    Skipped,

    /// <summary>The device's PICS does not declare what the case needs.</summary>
    NotApplicable,
}
