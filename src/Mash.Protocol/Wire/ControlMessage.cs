namespace Mash.Protocol.Wire;

/// <summary>
/// A decoded or to-be-sent control message. <see cref="Form"/> records the dialect so the
/// answer can be sent in the dialect the peer used.
/// </summary>
public readonly struct ControlMessage
{
    /// <summary>Creates a control message.</summary>
    /// <param name="type">Ping, pong, close or close_ack.</param>
    /// <param name="sequence">Ping/pong sequence; 0 is omitted on the wire.</param>
    /// <param name="form">Integer or [63] string keys.</param>
    /// <param name="reason">Close reason (string-key form only), or null.</param>
    public ControlMessage(
        ControlMessageType type,
        uint sequence = 0,
        ControlKeyForm form = ControlKeyForm.IntegerKeys,
        string? reason = null)
    {
        Type = type;
        Sequence = sequence;
        Form = form;
        Reason = reason;
    }

    /// <summary>Ping, pong, close or close_ack.</summary>
    public ControlMessageType Type { get; }

    /// <summary>Ping/pong sequence; 0 is omitted on the wire.</summary>
    public uint Sequence { get; }

    /// <summary>Integer or [63] string keys.</summary>
    public ControlKeyForm Form { get; }

    /// <summary>Close reason (string-key form only), or null.</summary>
    public string? Reason { get; }

    /// <summary>Equality of every field.</summary>
    public static bool operator ==(ControlMessage left, ControlMessage right) => left.Equals(right);

    /// <summary>Inequality of any field.</summary>
    public static bool operator !=(ControlMessage left, ControlMessage right) => !left.Equals(right);

    /// <summary>Equality of every field.</summary>
    public bool Equals(ControlMessage other) =>
        Type == other.Type && Sequence == other.Sequence && Form == other.Form && Reason == other.Reason;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ControlMessage other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() =>
        ((int)Type * 31) ^ (int)Sequence ^ ((int)Form << 8) ^ (Reason is null ? 0 : Reason.GetHashCode());

    /// <summary>Diagnostic text, e.g. "Ping 7 IntegerKeys".</summary>
    public override string ToString() =>
        "ControlMessage { Type = " + TypeName(Type) + ", Sequence = " + Sequence + ", Form = "
        + (Form == ControlKeyForm.TextKeys ? "TextKeys" : "IntegerKeys") + ", Reason = " + Reason + " }";

    private static string TypeName(ControlMessageType type) => type switch
    {
        ControlMessageType.Ping => "Ping",
        ControlMessageType.Pong => "Pong",
        ControlMessageType.Close => "Close",
        ControlMessageType.CloseAck => "CloseAck",
        _ => "None",
    };
}
