using System;

namespace Mash.Device.Platform;

/// <summary>Platform seam for cryptographically strong random bytes (the ESP32 has a hardware RNG).</summary>
public interface IRandomSource
{
    void Fill(Span<byte> destination);
}
