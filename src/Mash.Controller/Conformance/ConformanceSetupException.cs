using System;

namespace Mash.Controller.Conformance;

/// <summary>
/// The device is not in a state the run can start from (e.g. it holds zones and its commissioning
/// window is closed); the message is one line that says what to do. No case ran.
/// </summary>
public sealed class ConformanceSetupException : Exception
{
    public ConformanceSetupException()
    {
    }

    public ConformanceSetupException(string message)
        : base(message)
    {
    }

    public ConformanceSetupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
