using System.Collections.Generic;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Mash.Controller.Conformance;

/// <summary>The TLS parameters a probe connection offers.</summary>
internal sealed class ProbeTls
{
    public SslProtocols Protocols { get; init; } = SslProtocols.Tls13;

    /// <summary>Null: the platform's default suites.</summary>
    public IReadOnlyList<TlsCipherSuite>? Suites { get; init; }

    public IReadOnlyList<string> Alpn { get; init; } = ["mash/1"];

    /// <summary>Null for a commissioning connection.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>Null accepts any device certificate (commissioning: PASE authenticates the device).</summary>
    public RemoteCertificateValidationCallback? Validator { get; init; }

    /// <summary>SNI; null sends none for an address literal.</summary>
    public string? TargetHost { get; init; }
}
