using System;

namespace Mash.Controller.Transport;

/// <summary>Why and how a connection ended.</summary>
/// <param name="Kind">Graceful (by us or by the peer) or one of the kinds of loss.</param>
/// <param name="Reason">Human-readable reason, e.g. "keep-alive: 3 pongs missed".</param>
/// <param name="Error">The exception behind a loss, when there was one.</param>
public sealed record ConnectionClosedInfo(ConnectionEndKind Kind, string Reason, Exception? Error = null)
{
    /// <summary>True when the connection was lost rather than closed on purpose by either side.</summary>
    public bool IsLost => Kind is not (ConnectionEndKind.ClosedByUs or ConnectionEndKind.ClosedByPeer);
}
