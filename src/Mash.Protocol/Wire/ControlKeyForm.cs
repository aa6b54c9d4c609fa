namespace Mash.Protocol.Wire;

/// <summary>The two dialects of control messages.</summary>
public enum ControlKeyForm
{
    /// <summary>Reference code: {1: type, 2: seq}, seq omitted when 0.</summary>
    IntegerKeys = 0,

    /// <summary>[63] transport.md: {"type": "ping", "seq": N}, "reason" on close, "close_ack".</summary>
    TextKeys = 1,
}
