using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mash.Protocol.Certificates;

/// <summary>
/// The PKCS#10 request a device answers a CSR request with, in the reference's profile:
/// CN = device ID, O = "MASH Device", OU = V&lt;vendor&gt; and P&lt;product&gt; (decimal), ECDSA P-256 / SHA-256.
/// </summary>
public static class DeviceCsr
{
    public static byte[] Create(ECDsa key, string deviceId, int vendorId, int productId)
    {
        ArgumentNullException.ThrowIfNull(key);
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCommonName(deviceId);
        builder.AddOrganizationName("MASH Device");
        builder.AddOrganizationalUnitName(string.Create(CultureInfo.InvariantCulture, $"V{vendorId}"));
        builder.AddOrganizationalUnitName(string.Create(CultureInfo.InvariantCulture, $"P{productId}"));
        var request = new CertificateRequest(builder.Build(), key, HashAlgorithmName.SHA256);
        return request.CreateSigningRequest();
    }
}
