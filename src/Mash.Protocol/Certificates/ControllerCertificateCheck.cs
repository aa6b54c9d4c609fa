using System;
using Mash.Protocol.Crypto;
using Mash.Protocol.Portable;

namespace Mash.Protocol.Certificates;

/// <summary>
/// Whether a controller's certificate (mutual TLS) belongs to a stored zone: an operational
/// certificate in the <see cref="EndEntityProfile"/> for clientAuth, issued directly by one of the
/// stored Zone CA certificates (not one of them itself) and valid at <see cref="CertificateTime"/>
/// (connection-establishment.md 5.2; no system roots, no revocation: MASH has neither).
/// </summary>
public static class ControllerCertificateCheck
{
    /// <summary>
    /// The index into <paramref name="zoneCaDers"/> of the Zone CA that issued
    /// <paramref name="controllerDer"/>, or -1 with the reason in <paramref name="problem"/>.
    /// <paramref name="notBefore"/> is the certificate's NotBefore when accepted.
    /// </summary>
    public static int FindIssuer(IX509 x509, byte[] controllerDer, byte[][] zoneCaDers, CertificateTime now, out DateTime notBefore, out string? problem)
    {
        if (x509 == null)
        {
            throw new ArgumentNullException(nameof(x509));
        }

        if (controllerDer == null)
        {
            throw new ArgumentNullException(nameof(controllerDer));
        }

        if (zoneCaDers == null)
        {
            throw new ArgumentNullException(nameof(zoneCaDers));
        }

        if (now == null)
        {
            throw new ArgumentNullException(nameof(now));
        }

        notBefore = DateTime.MinValue;
        if (zoneCaDers.Length == 0)
        {
            problem = "no zone is commissioned on this device";
            return -1;
        }

        X509Info? certificate = x509.Parse(controllerDer, out problem);
        if (certificate == null)
        {
            return -1;
        }

        foreach (byte[] ca in zoneCaDers)
        {
            if (Bytes.AreEqual(ca, controllerDer))
            {
                problem = "certificate " + certificate.Subject + " is a Zone CA certificate, not a controller certificate";
                return -1;
            }
        }

        problem = EndEntityProfile.Problem(certificate, MashCertificateProfile.ClientAuthOid);
        if (problem != null)
        {
            problem = problem + " (" + certificate.Subject + ")";
            return -1;
        }

        problem = now.ValidityProblem("certificate " + certificate.Subject, certificate.NotBefore, certificate.NotAfter, TimeSpan.Zero);
        if (problem != null)
        {
            return -1;
        }

        for (int i = 0; i < zoneCaDers.Length; i++)
        {
            if (x509.IsSignedBy(controllerDer, zoneCaDers[i]))
            {
                notBefore = certificate.NotBefore;
                problem = null;
                return i;
            }
        }

        problem = "certificate " + certificate.Subject + " is not issued by a zone CA of this device";
        return -1;
    }
}
