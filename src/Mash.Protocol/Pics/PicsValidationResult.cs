using System.Collections.Generic;

namespace Mash.Protocol.Pics;

/// <summary>What <see cref="PicsValidator"/> found, in line order (findings without a line last).</summary>
public sealed class PicsValidationResult
{
    public PicsValidationResult(IReadOnlyList<PicsDiagnostic> diagnostics, int codeCount)
    {
        Diagnostics = diagnostics;
        CodeCount = codeCount;
        foreach (PicsDiagnostic d in diagnostics)
        {
            if (d.Severity == PicsSeverity.Error)
            {
                ErrorCount++;
            }
        }
    }

    public IReadOnlyList<PicsDiagnostic> Diagnostics { get; }

    /// <summary>Assignments in the file.</summary>
    public int CodeCount { get; }

    public int ErrorCount { get; }

    public bool IsValid => ErrorCount == 0;
}
