using Mash.Protocol.Wire;

namespace Mash.Device.Load;

/// <summary>The outcome of a request to <see cref="ILoadControl"/>: SUCCESS, or a status and why.</summary>
public readonly struct ControlResult
{
    public ControlResult(StatusCode status, string? message = null)
    {
        Status = status;
        Message = message;
    }

    public static ControlResult Ok => default;

    public StatusCode Status { get; }

    public string? Message { get; }

    public bool IsSuccess => Status == StatusCode.Success;

    public static ControlResult Fail(StatusCode status, string message) => new(status, message);
}
