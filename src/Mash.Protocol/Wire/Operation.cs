namespace Mash.Protocol.Wire;

/// <summary>Request operations (request key 2).</summary>
public enum Operation
{
    /// <summary>Not an operation; never valid on the wire.</summary>
    None = 0,

    /// <summary>Read attributes.</summary>
    Read = 1,

    /// <summary>Write attributes.</summary>
    Write = 2,

    /// <summary>Subscribe, or unsubscribe when addressed to endpoint 0 / feature 0.</summary>
    Subscribe = 3,

    /// <summary>Invoke a command.</summary>
    Invoke = 4,
}
