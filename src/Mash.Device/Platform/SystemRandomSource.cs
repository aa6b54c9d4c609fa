using System;
using System.Security.Cryptography;

namespace Mash.Device.Platform;

/// <summary>The operating system's CSPRNG.</summary>
public sealed class SystemRandomSource : IRandomSource
{
    public static readonly SystemRandomSource Instance = new();

    public void Fill(Span<byte> destination) => RandomNumberGenerator.Fill(destination);
}
