using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mash.Protocol.Certificates;
using Mash.Protocol.Zones;

namespace Mash.Fuzz.Targets;

/// <summary>
/// The check a device runs on the certificates a controller installs (commissioning and renewal):
/// <see cref="OperationalCertificateCheck.Problem"/> answers every input with null or a reason and
/// never throws. Input: operational certificate DER, Zone CA DER, the SPKI the device expects.
/// </summary>
internal sealed class CertificateTarget : IFuzzTarget
{
    /// <summary>The seeds are issued at this instant, so they are valid when the target checks them.</summary>
    public static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public string Name => "certificate";

    public string Description => "OperationalCertificateCheck.Problem(operational DER, Zone CA DER, expected SPKI)";

    public void Run(ReadOnlySpan<byte> input)
    {
        byte[][] parts = FuzzInput.Split(input, 3);
        OperationalCertificateCheck.Problem(parts[0], parts[1], parts[2], Now);
    }

    public IEnumerable<byte[]> Seeds()
    {
        using ZoneCertificateAuthority ca = ZoneCertificateAuthority.Create(ZoneType.HomeManager, "fuzz", Now);
        using ECDsa deviceKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        byte[] csr = DeviceCsr.Create(deviceKey, "0123456789abcdef", 1234, 5678);
        using X509Certificate2 operational = ca.IssueOperationalCertificate(csr, Now);
        byte[] spki = deviceKey.ExportSubjectPublicKeyInfo();
        yield return FuzzInput.Join(operational.RawData, ca.Certificate.RawData, spki);
        yield return FuzzInput.Join(ca.Certificate.RawData, operational.RawData, spki);
        yield return FuzzInput.Join(operational.RawData, operational.RawData, spki);
        yield return FuzzInput.Join(operational.RawData, ca.Certificate.RawData, []);
    }
}
