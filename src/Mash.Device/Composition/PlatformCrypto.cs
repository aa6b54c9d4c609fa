using System;
using Mash.Protocol.Crypto;

namespace Mash.Device.Composition;

/// <summary>
/// The cryptographic seams the core needs from its platform: hashing/HMAC/HKDF, the SPAKE2+ P-256
/// group and X.509/ECDSA. The host passes its .NET implementations; the ESP32 image its native
/// mbedTLS module (docs/nanoframework.md).
/// </summary>
public sealed class PlatformCrypto
{
    /// <param name="timeFloor">
    /// The earliest wall time the device can be at (the firmware build time on an ESP32): the
    /// starting last-known-good time for certificate checks while the clock is not set.
    /// </param>
    public PlatformCrypto(ICryptoPal crypto, ISpake2pGroup group, IX509 x509, DateTime timeFloor)
    {
        Crypto = crypto ?? throw new ArgumentNullException(nameof(crypto));
        Group = group ?? throw new ArgumentNullException(nameof(group));
        X509 = x509 ?? throw new ArgumentNullException(nameof(x509));
        TimeFloor = timeFloor;
    }

    public ICryptoPal Crypto { get; }

    public ISpake2pGroup Group { get; }

    public IX509 X509 { get; }

    public DateTime TimeFloor { get; }
}
