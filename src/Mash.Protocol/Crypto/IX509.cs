using System;

namespace Mash.Protocol.Crypto;

/// <summary>
/// The X.509 and ECDSA P-256 seam of the device: DER in, DER out, no platform types. The host
/// implements it with System.Security.Cryptography (Mash.Protocol.DotNet.DotNetX509); on the ESP32
/// a native mbedTLS module does (mbedtls_pk / mbedtls_x509_crt / mbedtls_x509write_csr / _crt).
/// Only what the device itself needs: its keys, its CSR and commissioning certificate, reading
/// certificates, and checking that one certificate was signed by another. Policy (which
/// certificate is acceptable, and when) stays in the core (Mash.Protocol.Certificates).
/// </summary>
public interface IX509
{
    /// <summary>A fresh ECDSA P-256 key pair from the platform's secure random source.</summary>
    EcKeyPair GenerateP256KeyPair();

    /// <summary>The key pair stored as PKCS#8 DER; null when it is not an ECDSA P-256 private key.</summary>
    EcKeyPair? ImportP256KeyPair(byte[] pkcs8PrivateKey);

    /// <summary>ECDSA with SHA-256 over <paramref name="data"/>; the signature in DER (SEQUENCE of r, s), as X.509 carries it.</summary>
    byte[] SignSha256(EcKeyPair key, byte[] data);

    /// <summary>True when <paramref name="signature"/> (DER) is a valid ECDSA SHA-256 signature of <paramref name="data"/> by the P-256 key in <paramref name="subjectPublicKeyInfo"/>.</summary>
    bool VerifySha256(byte[] subjectPublicKeyInfo, byte[] data, byte[] signature);

    /// <summary>
    /// A PKCS#10 request signed by <paramref name="key"/> (ECDSA SHA-256), subject
    /// CN=<paramref name="commonName"/>, O=<paramref name="organization"/> and one OU per entry of
    /// <paramref name="organizationalUnits"/> in order; no extensions.
    /// </summary>
    byte[] CreateSigningRequest(EcKeyPair key, string commonName, string organization, string[] organizationalUnits);

    /// <summary>
    /// A self-signed X.509 v3 certificate for <paramref name="key"/>: subject and issuer
    /// CN=<paramref name="commonName"/>, O=<paramref name="organization"/>; basicConstraints CA:FALSE
    /// (critical), keyUsage digitalSignature and keyEncipherment (critical), extendedKeyUsage
    /// serverAuth, subjectKeyIdentifier; a random positive 16-byte serial.
    /// </summary>
    byte[] CreateSelfSignedCertificate(EcKeyPair key, string commonName, string organization, DateTime notBefore, DateTime notAfter);

    /// <summary>
    /// Reads a DER certificate completely (key, extensions, validity). Null, with the reason in
    /// <paramref name="problem"/>, when any part of it does not decode; never throws for bad input.
    /// </summary>
    X509Info? Parse(byte[] der, out string? problem);

    /// <summary>
    /// True when <paramref name="certificateDer"/> names <paramref name="issuerDer"/>'s subject as
    /// its issuer and its ECDSA SHA-256 signature verifies with the issuer's P-256 key. No other
    /// check (validity, extensions) is made here. False for anything that does not decode.
    /// </summary>
    bool IsSignedBy(byte[] certificateDer, byte[] issuerDer);
}
