namespace Mash.Protocol.Wire;

/// <summary>What a frame is, as decided by <see cref="MessageClassifier.Classify"/>.</summary>
public enum MessageKind
{
    /// <summary>Not well-formed CBOR, over a decode limit, not a map, or a map matching no rule.</summary>
    Malformed = 0,

    /// <summary>Ping, pong, close or close_ack, in integer-key or [63] string-key form.</summary>
    Control = 1,

    /// <summary>Read, write, subscribe or invoke request.</summary>
    Request = 2,

    /// <summary>Response to a request.</summary>
    Response = 3,

    /// <summary>Subscription notification (message id 0).</summary>
    Notification = 4,

    /// <summary>Commissioning message: PASE 1-4, CSR/cert install 10-13, complete 20, error 255.</summary>
    Pase = 5,

    /// <summary>In-session certificate renewal message 30-33.</summary>
    Renewal = 6,
}
