using System;
using Mash.Protocol.Crypto;

namespace Mash.Protocol.Certificates;

/// <summary>
/// The self-signed certificate a device presents while it has no operational certificate for the
/// connecting zone. PASE, not this certificate, authenticates commissioning; its key is the
/// device's identity key, so the device ID (derived from its SPKI) stays stable across restarts.
/// </summary>
public static class CommissioningCertificate
{
    /// <summary>Twenty years, the device-certificate lifetime in security.md; controllers do not check it.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(365 * 20);

    /// <summary>The certificate's DER: CN "MASH Device &lt;id&gt;", O "MASH", valid from an hour before <paramref name="now"/>.</summary>
    public static byte[] Create(IX509 x509, EcKeyPair key, string deviceId, DateTime now)
    {
        if (x509 == null)
        {
            throw new ArgumentNullException(nameof(x509));
        }

        if (key == null)
        {
            throw new ArgumentNullException(nameof(key));
        }

        DateTime notBefore = now - TimeSpan.FromHours(1);
        return x509.CreateSelfSignedCertificate(key, "MASH Device " + deviceId, "MASH", notBefore, notBefore + Lifetime);
    }
}
