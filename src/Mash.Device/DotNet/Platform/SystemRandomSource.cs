using System;
using System.Security.Cryptography;

namespace Mash.Device.Platform;

/// <summary>The host's <see cref="IRandomSource"/>: the operating system's CSPRNG.</summary>
public sealed class SystemRandomSource : IRandomSource
{
    public static readonly SystemRandomSource Instance = new();

    public void Fill(byte[] destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        RandomNumberGenerator.Fill(destination);
    }
}
