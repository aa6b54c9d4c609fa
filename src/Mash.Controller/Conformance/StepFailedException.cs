using System;

namespace Mash.Controller.Conformance;

/// <summary>The device did not behave as the step expects; the message says what was expected and what came.</summary>
public sealed class StepFailedException : Exception
{
    public StepFailedException()
    {
    }

    public StepFailedException(string message)
        : base(message)
    {
    }

    public StepFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
