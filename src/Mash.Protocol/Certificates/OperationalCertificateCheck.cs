using System;
using Mash.Protocol.Crypto;
using Mash.Protocol.Portable;

namespace Mash.Protocol.Certificates;

/// <summary>
/// What a device checks before it stores a zone: the Zone CA is a P-256 CA certificate, the
/// operational certificate is X.509 v3 with a P-256 key, signed by that CA, carries exactly the key
/// of the device's pending CSR, and is valid at <see cref="CertificateTime"/> for about a year (at
/// most 398 days, the reference issues 365). Returns null when acceptable, else the reason.
/// </summary>
public static partial class OperationalCertificateCheck
{
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(398);
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public static string? Problem(IX509 x509, byte[] operationalDer, byte[] zoneCaDer, byte[] expectedSubjectPublicKeyInfo, CertificateTime now)
    {
        if (x509 == null)
        {
            throw new ArgumentNullException(nameof(x509));
        }

        if (now == null)
        {
            throw new ArgumentNullException(nameof(now));
        }

        X509Info? op = x509.Parse(operationalDer, out string? problem);
        if (op == null)
        {
            return problem;
        }

        X509Info? ca = x509.Parse(zoneCaDer, out problem);
        if (ca == null)
        {
            return problem;
        }

        if (!ca.IsP256)
        {
            return "the Zone CA key is not ECDSA P-256";
        }

        if (!ca.IsCertificateAuthority)
        {
            return "the Zone CA certificate is not a CA";
        }

        if (op.Version != 3)
        {
            return "operational certificate is X.509 v" + op.Version.ToString() + ", not v3";
        }

        if (!op.IsP256)
        {
            return "operational certificate key is not ECDSA P-256";
        }

        if (expectedSubjectPublicKeyInfo == null || !Bytes.AreEqual(op.SubjectPublicKeyInfo, expectedSubjectPublicKeyInfo))
        {
            return "operational certificate does not carry the key of this device's CSR";
        }

        problem = now.ValidityProblem("operational certificate", op.NotBefore, op.NotAfter, ClockSkew);
        if (problem != null)
        {
            return problem;
        }

        TimeSpan lifetime = op.NotAfter - op.NotBefore;
        if (lifetime > MaxLifetime)
        {
            return "operational certificate lifetime " + lifetime.Days.ToString() + " days exceeds " + MaxLifetime.Days.ToString();
        }

        if (!x509.IsSignedBy(operationalDer, zoneCaDer))
        {
            return "operational certificate is not signed by the given Zone CA";
        }

        return null;
    }
}
