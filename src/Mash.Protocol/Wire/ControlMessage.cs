namespace Mash.Protocol.Wire;

/// <summary>
/// A decoded or to-be-sent control message. <see cref="Form"/> records the dialect so the
/// answer can be sent in the dialect the peer used.
/// </summary>
/// <param name="Type">Ping, pong, close or close_ack.</param>
/// <param name="Sequence">Ping/pong sequence; 0 is omitted on the wire.</param>
/// <param name="Form">Integer or [63] string keys.</param>
/// <param name="Reason">Close reason (string-key form only), or null.</param>
public readonly record struct ControlMessage(
    ControlMessageType Type,
    uint Sequence = 0,
    ControlKeyForm Form = ControlKeyForm.IntegerKeys,
    string? Reason = null);
