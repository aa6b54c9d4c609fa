namespace Mash.Protocol.Wire;

/// <summary>Control message types; 1-3 are the integer-key wire values.</summary>
public enum ControlMessageType
{
    /// <summary>Not a control message.</summary>
    None = 0,

    /// <summary>Liveness probe; answered with a pong carrying the same sequence.</summary>
    Ping = 1,

    /// <summary>Answer to a ping.</summary>
    Pong = 2,

    /// <summary>Graceful close request.</summary>
    Close = 3,

    /// <summary>[63] acknowledgement of a close; exists only in the string-key form.</summary>
    CloseAck = 4,
}
