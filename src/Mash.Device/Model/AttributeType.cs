namespace Mash.Device.Model;

/// <summary>The value types attributes and command parameters carry, as the feature documents name them.</summary>
// The members are named as the feature documents name the wire types (uint8, int64...).
#pragma warning disable CA1720
public enum AttributeType
{
    Boolean,
    UInt8,
    UInt16,
    UInt32,
    UInt64,
    Int64,
    Text,
    Bytes,

    /// <summary>A CBOR array (lists of IDs, the endpoint list).</summary>
    Array,

    /// <summary>A CBOR map (structures, per-phase maps).</summary>
    Map,
}
#pragma warning restore CA1720
