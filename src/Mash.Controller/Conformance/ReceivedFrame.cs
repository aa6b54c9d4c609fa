using System;
using Mash.Protocol.Wire;

namespace Mash.Controller.Conformance;

/// <summary>A frame the device sent, what kind it is, and when it arrived (seconds since the connection opened).</summary>
internal sealed record ReceivedFrame(ReadOnlyMemory<byte> Payload, MessageKind Kind, double At, ControlMessage? Control)
{
    public string Hex => Convert.ToHexString(Payload.Span);
}
