using System;
using Mash.Protocol.DotNet.Crypto;

namespace Mash.Protocol.Identity;

/// <summary>
/// Host-only conveniences for code that runs only on .NET (controller, tools, tests, and host code
/// not yet given an <see cref="Mash.Protocol.Crypto.ICryptoPal"/>): the same IDs through
/// <see cref="SystemCryptoPal"/>. The firmware core calls the overloads that take the seam.
/// </summary>
public static partial class MashIds
{
    /// <summary>Device ID from the SubjectPublicKeyInfo DER, hashed with the host's SHA-256.</summary>
    public static string DeviceIdFromSpki(ReadOnlySpan<byte> subjectPublicKeyInfo) =>
        DeviceIdFromSpki(SystemCryptoPal.Instance, subjectPublicKeyInfo.ToArray());

    /// <summary>Zone ID from the PASE shared secret, hashed with the host's SHA-256.</summary>
    public static string ZoneIdFromSharedSecret(ReadOnlySpan<byte> sharedSecret)
    {
        byte[] copy = sharedSecret.ToArray();
        try
        {
            return ZoneIdFromSharedSecret(SystemCryptoPal.Instance, copy);
        }
        finally
        {
            Array.Clear(copy);
        }
    }
}
