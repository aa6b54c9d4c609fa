using System;

namespace Mash.Device.Host.Transport;

/// <summary>
/// Keeps OpenSSL's system trust store (every file in /etc/ssl/certs) out of the device process.
/// The device trusts nothing but its stored Zone CAs (<see cref="ZoneCaTrust"/>, a custom-root
/// chain), yet .NET builds a chain for the server certificate with the system store on the first
/// TLS handshake after boot, which read about 150 files and cost 100-200 ms of the first pairing.
/// <see cref="Apply"/> points <c>SSL_CERT_FILE</c>/<c>SSL_CERT_DIR</c> (libc's environment, which
/// OpenSSL and .NET's store loader read) at nothing, also when the environment sets them (some
/// distributions' shells do): nothing the device does trusts a public CA. It must run before
/// anything in the process touches certificates.
/// </summary>
internal static class SystemTrustStore
{
    private const string NoFile = "/dev/null";
    private const string NoDirectory = "/nonexistent/mash-load-trusts-only-zone-cas";

    /// <summary>What <see cref="Apply"/> did, for the start-up log.</summary>
    public static string Outcome { get; private set; } = "system trust store: platform default";

    public static void Apply()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        string? failure = NativeEnvironment.Set("SSL_CERT_FILE", NoFile, overwrite: true) ?? NativeEnvironment.Set("SSL_CERT_DIR", NoDirectory, overwrite: true);
        if (failure is not null)
        {
            Outcome = $"system trust store still loaded on the first handshake: cannot set SSL_CERT_FILE/SSL_CERT_DIR ({failure})";
            return;
        }

        Outcome = "system trust store: not loaded (only Zone CAs are trusted)";
    }
}
