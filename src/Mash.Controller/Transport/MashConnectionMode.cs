namespace Mash.Controller.Transport;

/// <summary>Who consumes the frames a connection receives.</summary>
public enum MashConnectionMode
{
    /// <summary>
    /// Every frame except keep-alive and close goes to <see cref="MashConnection.ReceiveFrameAsync"/>
    /// and we send no pings: the commissioning (PASE) exchange runs here, and the reference
    /// device would take a ping for a broken PASE message.
    /// </summary>
    Raw = 0,

    /// <summary>
    /// Responses are matched to requests and notifications raised; other frames (renewal,
    /// commissioning, device-initiated requests) still go to the raw queue. Keep-alive pings run.
    /// </summary>
    Requests = 1,
}
