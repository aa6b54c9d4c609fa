namespace Mash.Device.Transport;

public enum ConnectionState
{
    Open,

    /// <summary>We sent close and wait for the acknowledgement.</summary>
    Closing,

    Closed,
}
