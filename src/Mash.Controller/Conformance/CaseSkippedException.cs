using System;

namespace Mash.Controller.Conformance;

/// <summary>The case cannot run here (a capability is missing); the message says which and how to provide it.</summary>
public sealed class CaseSkippedException : Exception
{
    public CaseSkippedException()
    {
    }

    public CaseSkippedException(string message)
        : base(message)
    {
    }

    public CaseSkippedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
