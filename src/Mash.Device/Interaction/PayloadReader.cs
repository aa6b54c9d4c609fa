using Mash.Protocol.Wire;

namespace Mash.Device.Interaction;

/// <summary>The lenient payload forms of read and subscribe requests ([63] and what mash-go clients send).</summary>
internal static class PayloadReader
{
    /// <summary>What <see cref="TryReadInterval"/> leaves when the interval is absent or null.</summary>
    public const long NotGiven = -1;

    /// <summary>
    /// An attribute ID list: absent, null or [] means all (returns null). IDs above 0xFFFF can
    /// name no attribute and come back as -1, so a read can skip them like any unknown ID.
    /// </summary>
    public static StatusCode TryReadIdList(CborValue? value, out int[]? ids, out string? problem)
    {
        ids = null;
        problem = null;
        if (value is null || value.IsNull)
        {
            return StatusCode.Success;
        }

        if (value.Kind != CborValueKind.Array)
        {
            problem = "attribute IDs must be an array, not " + value;
            return StatusCode.InvalidParameter;
        }

        if (value.Count == 0)
        {
            return StatusCode.Success;
        }

        var list = new int[value.Count];
        for (int i = 0; i < list.Length; i++)
        {
            CborValue item = value[i];
            if (!item.TryGetUInt64(out ulong id))
            {
                problem = "attribute IDs must be unsigned integers, not " + item;
                return StatusCode.InvalidParameter;
            }

            list[i] = id > ushort.MaxValue ? -1 : (int)id;
        }

        ids = list;
        return StatusCode.Success;
    }

    /// <summary>
    /// An interval in milliseconds (subscribe keys 2 and 3): absent or null leaves
    /// <paramref name="milliseconds"/> <see cref="NotGiven"/>; a value outside the declared range
    /// (never negative) is CONSTRAINT_ERROR.
    /// </summary>
    public static StatusCode TryReadInterval(CborMap map, long key, string name, long minimumMs, long maximumMs, out long milliseconds, out string? problem)
    {
        milliseconds = NotGiven;
        problem = null;
        if (!map.TryGetValue(key, out CborValue? value) || value.IsNull)
        {
            return StatusCode.Success;
        }

        if (value.Kind != CborValueKind.Integral)
        {
            problem = name + " must be an integer number of milliseconds, not " + value;
            return StatusCode.InvalidParameter;
        }

        if (!value.TryGetInt64(out long ms) || ms < minimumMs || ms > maximumMs)
        {
            problem = name + " must be between " + minimumMs + " and " + maximumMs + " ms, not " + value;
            return StatusCode.ConstraintError;
        }

        milliseconds = ms;
        return StatusCode.Success;
    }
}
