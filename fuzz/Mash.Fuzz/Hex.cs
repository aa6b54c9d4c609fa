using System;

namespace Mash.Fuzz;

internal static class Hex
{
    /// <summary>Bytes from hex written with spaces, as the wire digest prints them.</summary>
    public static byte[] Bytes(string text) => Convert.FromHexString(text.Replace(" ", string.Empty, StringComparison.Ordinal));
}
