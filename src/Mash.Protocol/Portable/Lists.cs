using System.Collections;

namespace Mash.Protocol.Portable;

/// <summary>
/// Typed copies of an <see cref="ArrayList"/>. <c>ArrayList.ToArray(Type)</c> would do, but it
/// creates the array by reflection, which a NativeAOT build flags (IL3050); these loops build the
/// same arrays on nanoFramework and the host alike.
/// </summary>
public static class Lists
{
    /// <summary>The list's items, all strings, as a string array in order.</summary>
    public static string[] ToStrings(ArrayList list)
    {
        var result = new string[list.Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = (string)list[i]!;
        }

        return result;
    }

    /// <summary>The list's items, all byte arrays, as an array of them in order.</summary>
    public static byte[][] ToByteArrays(ArrayList list)
    {
        var result = new byte[list.Count][];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = (byte[])list[i]!;
        }

        return result;
    }
}
