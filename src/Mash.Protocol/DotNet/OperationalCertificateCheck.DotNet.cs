using System;
using Mash.Protocol.DotNet;

namespace Mash.Protocol.Certificates;

/// <summary>The same check with the host's seam and a synchronised time (controller tests, fuzzing).</summary>
public static partial class OperationalCertificateCheck
{
    public static string? Problem(byte[] operationalDer, byte[] zoneCaDer, ReadOnlySpan<byte> expectedSubjectPublicKeyInfo, DateTimeOffset now) =>
        Problem(DotNetX509.Instance, operationalDer, zoneCaDer, expectedSubjectPublicKeyInfo.ToArray(), CertificateTime.Synchronised(now.UtcDateTime));
}
