using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using Mash.Protocol.Certificates;
using Mash.Protocol.Zones;

namespace Mash.Fuzz.Targets;

/// <summary>
/// A Zone CA signing the CSR a device sent (the controller's side of commissioning and renewal):
/// <see cref="ZoneCertificateAuthority.IssueOperationalCertificate"/> issues a certificate or
/// throws <see cref="CertificateRequestException"/>.
/// </summary>
internal sealed class CsrTarget : IFuzzTarget
{
    private static readonly ZoneCertificateAuthority Authority = ZoneCertificateAuthority.Create(ZoneType.HomeManager, "fuzz", CertificateTarget.Now);

    public string Name => "csr";

    public string Description => "ZoneCertificateAuthority.IssueOperationalCertificate(CSR DER) (CertificateRequest.LoadSigningRequest)";

    public void Run(ReadOnlySpan<byte> input)
    {
        try
        {
            Authority.IssueOperationalCertificate(input.ToArray(), CertificateTarget.Now).Dispose();
        }
        catch (CertificateRequestException)
        {
        }
    }

    public IEnumerable<byte[]> Seeds()
    {
        using ECDsa p256 = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        yield return DeviceCsr.Create(p256, "0123456789abcdef", 1234, 5678);
        using ECDsa p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        yield return DeviceCsr.Create(p384, "0123456789abcdef", 1, 2);
        using RSA rsa = RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=rsa", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        yield return request.CreateSigningRequest();
    }
}
