using System;
using System.Security.Cryptography.X509Certificates;

namespace Mash.Controller.Transport;

/// <summary>Where and how <see cref="MashConnection.ConnectAsync"/> connects.</summary>
public sealed class MashConnectionOptions
{
    /// <summary>The default MASH port.</summary>
    public const int DefaultPort = 8443;

    /// <summary>Creates options for a host and port; every other setting has its protocol default.</summary>
    /// <param name="host">Host name, IPv4 address, or IPv6 address with or without brackets.</param>
    /// <param name="port">TCP port.</param>
    public MashConnectionOptions(string host, int port = DefaultPort)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        Host = host;
        Port = port;
    }

    /// <summary>Host name or address literal.</summary>
    public string Host { get; }

    /// <summary>TCP port.</summary>
    public int Port { get; }

    /// <summary>
    /// Our certificate, with its private key, for mutual TLS on operational connections. Null
    /// while commissioning: the reference controller presents none then.
    /// </summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>Judges the device's certificate. Defaults to the platform's verdict.</summary>
    public ServerCertificateValidator ServerCertificateValidator { get; init; } = ServerCertificateValidators.PlatformDefault;

    /// <summary>
    /// Name sent as SNI and used for the platform's name check. Null means the host (an address
    /// literal sends no SNI, as the reference controller does while commissioning).
    /// </summary>
    public string? TargetHost { get; init; }

    /// <summary>Limit for TCP connect plus TLS handshake.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Response timeout used when a request names none.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a graceful close waits for the peer's acknowledgement.</summary>
    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Keep-alive timing.</summary>
    public KeepAliveOptions KeepAlive { get; init; } = new();

    /// <summary>Raw for commissioning, Requests for operational connections.</summary>
    public MashConnectionMode InitialMode { get; init; } = MashConnectionMode.Requests;

    /// <summary>Clock for every timeout and for keep-alive; tests pass a fake one.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Receives diagnostic lines (unmatched responses, dropped frames, why a connection ended).</summary>
    public Action<string>? Log { get; init; }

    /// <summary>
    /// Options for a commissioning connection: no client certificate, any device certificate
    /// accepted (PASE authenticates the device), raw mode for the PASE exchange.
    /// </summary>
    public static MashConnectionOptions ForCommissioning(string host, int port = DefaultPort) =>
        new(host, port)
        {
            ServerCertificateValidator = ServerCertificateValidators.AcceptAny,
            InitialMode = MashConnectionMode.Raw,
        };

    /// <summary>
    /// Options for an operational connection: our zone certificate, the caller's check of the
    /// device certificate (e.g. <see cref="ServerCertificateValidators.ChainsTo"/> the Zone CA),
    /// request mode.
    /// </summary>
    public static MashConnectionOptions ForOperational(
        string host, int port, X509Certificate2 clientCertificate, ServerCertificateValidator serverCertificateValidator)
    {
        ArgumentNullException.ThrowIfNull(clientCertificate);
        ArgumentNullException.ThrowIfNull(serverCertificateValidator);
        return new MashConnectionOptions(host, port)
        {
            ClientCertificate = clientCertificate,
            ServerCertificateValidator = serverCertificateValidator,
        };
    }

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(ServerCertificateValidator);
        ArgumentNullException.ThrowIfNull(KeepAlive);
        ArgumentNullException.ThrowIfNull(TimeProvider);
        if (ConnectTimeout <= TimeSpan.Zero || RequestTimeout <= TimeSpan.Zero || CloseTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("Timeouts must be positive.");
        }

        if (ClientCertificate is not null && !ClientCertificate.HasPrivateKey)
        {
            throw new ArgumentException("The client certificate needs its private key.");
        }

        KeepAlive.Validate();
    }
}
