using System;

namespace Mash.Protocol.Certificates;

/// <summary>
/// What every MASH zone certificate shares (reference pkg/cert/generate.go): ECDSA P-256 with
/// SHA-256, key identifiers from SHA-256 over the SubjectPublicKeyInfo, random positive serials.
/// The device uses the same checks on what it is given as the controller uses when issuing.
/// The issuing helpers (System.Security.Cryptography) are in DotNet/MashCertificateProfile.DotNet.cs.
/// </summary>
public static partial class MashCertificateProfile
{
    /// <summary>Operational certificates (device and controller) live a year.</summary>
    public static readonly TimeSpan OperationalLifetime = TimeSpan.FromDays(365);

    /// <summary>Zone CAs live twenty years so devices need not be re-commissioned in their lifetime.</summary>
    public static readonly TimeSpan ZoneCaLifetime = TimeSpan.FromDays(365 * 20);

    /// <summary>NotBefore is set this far back, so a device whose clock is a little behind still accepts the certificate.</summary>
    public static readonly TimeSpan ClockSkewAllowance = TimeSpan.FromMinutes(5);

    /// <summary>id-kp-serverAuth.</summary>
    public const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";

    /// <summary>id-kp-clientAuth.</summary>
    public const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    /// <summary>id-ecPublicKey.</summary>
    public const string EcPublicKeyOid = "1.2.840.10045.2.1";

    /// <summary>The named curve P-256 (secp256r1, prime256v1).</summary>
    public const string P256Oid = "1.2.840.10045.3.1.7";

    public const int KeyIdentifierLength = 20;
}
