using System;
using Mash.Protocol.Wire;

namespace Mash.Device.Model;

/// <summary>What a command answered: a result map on success, a status and a message otherwise.</summary>
public readonly struct InvokeResult
{
    private InvokeResult(StatusCode status, string? message, CborMap? result)
    {
        Status = status;
        Message = message;
        Result = result;
    }

    public StatusCode Status { get; }

    /// <summary>Why it failed, for the error response {1: message}.</summary>
    public string? Message { get; }

    /// <summary>The result map (text keys, as the reference answers); null on failure.</summary>
    public CborMap? Result { get; }

    public bool IsSuccess => Status == StatusCode.Success;

    public static InvokeResult Success(CborMap result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new InvokeResult(StatusCode.Success, null, result);
    }

    public static InvokeResult Failure(StatusCode status, string message)
    {
        if (status == StatusCode.Success)
        {
            throw new ArgumentOutOfRangeException(nameof(status), "a failure needs an error status");
        }

        return new InvokeResult(status, message, null);
    }
}
