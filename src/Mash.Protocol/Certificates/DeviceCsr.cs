using System;
using Mash.Protocol.Crypto;

namespace Mash.Protocol.Certificates;

/// <summary>
/// The PKCS#10 request a device answers a CSR request with, in the reference's profile:
/// CN = device ID, O = "MASH Device", OU = V&lt;vendor&gt; and P&lt;product&gt; (decimal), ECDSA P-256 / SHA-256.
/// </summary>
public static partial class DeviceCsr
{
    public static byte[] Create(IX509 x509, EcKeyPair key, string deviceId, int vendorId, int productId)
    {
        if (x509 == null)
        {
            throw new ArgumentNullException(nameof(x509));
        }

        if (key == null)
        {
            throw new ArgumentNullException(nameof(key));
        }

        return x509.CreateSigningRequest(key, deviceId, "MASH Device", new string[] { "V" + vendorId.ToString(), "P" + productId.ToString() });
    }
}
