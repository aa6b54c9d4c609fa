namespace Mash.Device.Platform;

/// <summary>
/// Platform seam for cryptographically strong random bytes (the ESP32 has a hardware RNG), for
/// device code outside the crypto layer: discriminator and setup code generation, mDNS jitter.
/// Key material and SPAKE2+ ephemerals come from <see cref="Mash.Protocol.Crypto.ICryptoPal.FillRandom"/>,
/// which a board backs with the same RNG. The two stay apart so code that needs a few random
/// bits does not depend on the whole crypto layer.
/// </summary>
public interface IRandomSource
{
    void Fill(byte[] destination);
}
