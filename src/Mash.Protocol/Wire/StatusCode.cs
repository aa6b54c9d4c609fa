namespace Mash.Protocol.Wire;

/// <summary>Response status (response key 2). Values outside this list are kept as received.</summary>
public enum StatusCode
{
    /// <summary>Operation completed.</summary>
    Success = 0,

    /// <summary>The endpoint does not exist.</summary>
    InvalidEndpoint = 1,

    /// <summary>The feature does not exist on the endpoint.</summary>
    InvalidFeature = 2,

    /// <summary>The attribute does not exist.</summary>
    InvalidAttribute = 3,

    /// <summary>The command does not exist.</summary>
    InvalidCommand = 4,

    /// <summary>A parameter is missing, of the wrong type or out of range.</summary>
    InvalidParameter = 5,

    /// <summary>The attribute cannot be written.</summary>
    ReadOnly = 6,

    /// <summary>The attribute cannot be read.</summary>
    WriteOnly = 7,

    /// <summary>The zone lacks permission.</summary>
    NotAuthorized = 8,

    /// <summary>Busy; try again.</summary>
    Busy = 9,

    /// <summary>The operation is not supported.</summary>
    Unsupported = 10,

    /// <summary>A value violates a constraint.</summary>
    ConstraintError = 11,

    /// <summary>The operation timed out.</summary>
    Timeout = 12,

    /// <summary>Out of a bounded resource (reference code only, not in the [63] table).</summary>
    ResourceExhausted = 13,
}
