using System;

namespace Mash.Controller.Conformance;

/// <summary>A case file cannot be used: YAML error, unknown action, missing parameter (the message names the file).</summary>
public sealed class ConformanceCaseFormatException : Exception
{
    public ConformanceCaseFormatException()
    {
    }

    public ConformanceCaseFormatException(string message)
        : base(message)
    {
    }

    public ConformanceCaseFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
