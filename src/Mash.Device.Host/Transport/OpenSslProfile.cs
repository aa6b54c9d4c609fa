using System;
using System.IO;

namespace Mash.Device.Host.Transport;

/// <summary>
/// Restricts TLS key exchange to the groups the PICS declares. SslStream on Linux has no option
/// for groups, so the only lever is OpenSSL's own configuration, read once when .NET first loads
/// OpenSSL: <see cref="Apply"/> points <c>OPENSSL_CONF</c> at <c>mash-openssl.cnf</c> (shipped next to
/// mash-load) through libc's environment, which OpenSSL reads, not .NET's managed copy of it.
/// It must run before anything in the process touches cryptography.
/// </summary>
internal static class OpenSslProfile
{
    public const string FileName = "mash-openssl.cnf";
    private const string Variable = "OPENSSL_CONF";

    /// <summary>What <see cref="Apply"/> did, for the start-up log.</summary>
    public static string Outcome { get; private set; } = "TLS key exchange groups: platform defaults";

    /// <summary>True when the groups are not limited to those the PICS declares.</summary>
    public static bool Unrestricted { get; private set; } = true;

    public static void Apply()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // other platforms do not use OpenSSL for SslStream
        }

        string? configured = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrEmpty(configured))
        {
            Outcome = $"TLS key exchange groups: as {Variable}={configured} says (set in the environment, {FileName} not used)";
            return;
        }

        string path = Path.Combine(AppContext.BaseDirectory, FileName);
        if (!File.Exists(path))
        {
            Outcome = $"TLS key exchange groups NOT restricted: {path} is missing, so P-521 and FFDHE are accepted";
            return;
        }

        string? failure = NativeEnvironment.Set(Variable, path, overwrite: false);
        if (failure is not null)
        {
            Outcome = $"TLS key exchange groups NOT restricted: cannot set {Variable} ({failure})";
            return;
        }

        Unrestricted = false;
        Outcome = $"TLS key exchange groups X25519, P-256; signatures ECDSA ({FileName})";
    }
}
