using System;
using Mash.Protocol.Commissioning;

namespace Mash.Controller.Commissioning;

/// <summary>
/// Commissioning did not complete. The message is one line a user can act on, e.g.
/// "PASE failed: confirmation failed (wrong setup code?)".
/// </summary>
public sealed class CommissioningException : Exception
{
    public CommissioningException()
    {
    }

    public CommissioningException(string message)
        : base(message)
    {
    }

    public CommissioningException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CommissioningException(CommissioningStep step, CommissioningErrorCode? errorCode, string message, string? deviceText = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Step = step;
        ErrorCode = errorCode;
        DeviceText = deviceText;
    }

    /// <summary>The phase that failed.</summary>
    public CommissioningStep Step { get; }

    /// <summary>
    /// The device's error code when it sent one; <see cref="CommissioningErrorCode.ConfirmationFailed"/>
    /// also when its confirmation did not verify here, <see cref="CommissioningErrorCode.Timeout"/> when
    /// it did not answer in time; null for network and protocol failures.
    /// </summary>
    public CommissioningErrorCode? ErrorCode { get; }

    /// <summary>The text of the device's error message, when it sent one.</summary>
    public string? DeviceText { get; }
}
