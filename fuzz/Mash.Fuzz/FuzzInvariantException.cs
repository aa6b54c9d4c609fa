using System;

namespace Mash.Fuzz;

/// <summary>
/// A parser accepted or rejected an input in a way its contract forbids (a round trip that does
/// not hold, two readers that disagree). Not caught by any target, so the fuzzer records a crash.
/// </summary>
internal sealed class FuzzInvariantException : Exception
{
    public FuzzInvariantException()
    {
    }

    public FuzzInvariantException(string message)
        : base(message)
    {
    }

    public FuzzInvariantException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
