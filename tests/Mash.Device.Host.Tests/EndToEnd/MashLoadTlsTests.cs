using System;
using System.Diagnostics;
using System.Globalization;

namespace Mash.Device.Host.Tests.EndToEnd;

/// <summary>The running mash-load checked with a TLS client we did not write: openssl s_client.</summary>
public sealed class MashLoadTlsTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly int _port = FreePort.Next();
    private readonly MashLoadProcess _device;

    public MashLoadTlsTests()
    {
        _device = MashLoadProcess.Start(_dir.Path, "--port", _port.ToString(CultureInfo.InvariantCulture));
        _device.WaitForStderr(l => l.Contains("running", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _device.Signal();
        _device.WaitForExit();
        _device.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Openssl_connects_with_tls13_the_mandatory_suite_p256_and_the_mash_alpn()
    {
        string output = OpenSsl("-tls1_3", "-groups", "P-256", "-ciphersuites", "TLS_AES_128_GCM_SHA256");
        Assert.Contains("Protocol version: TLSv1.3", output, StringComparison.Ordinal);
        Assert.Contains("Ciphersuite: TLS_AES_128_GCM_SHA256", output, StringComparison.Ordinal);
        Assert.Contains("Server Temp Key: ECDH, prime256v1", output, StringComparison.Ordinal);
        Assert.Contains("MASH Device", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("TLS_AES_256_GCM_SHA384", "X25519")]
    [InlineData("TLS_CHACHA20_POLY1305_SHA256", "X25519")]
    public void The_optional_suites_and_x25519_declared_in_the_pics_are_served(string suite, string group)
    {
        string output = OpenSsl("-tls1_3", "-groups", group, "-ciphersuites", suite);
        Assert.Contains("Ciphersuite: " + suite, output, StringComparison.Ordinal);
    }

    [Fact]
    public void Openssl_with_tls12_is_refused()
    {
        string output = OpenSsl("-tls1_2");
        Assert.DoesNotContain("CONNECTION ESTABLISHED", output, StringComparison.Ordinal);
        Assert.Contains("protocol version", output, StringComparison.Ordinal);
    }

    private string OpenSsl(params string[] extra)
    {
        var info = new ProcessStartInfo("openssl")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in new[] { "s_client", "-connect", $"[::1]:{_port}", "-alpn", "mash/1", "-brief" })
        {
            info.ArgumentList.Add(a);
        }

        foreach (string a in extra)
        {
            info.ArgumentList.Add(a);
        }

        using Process openssl = Process.Start(info)!;
        openssl.StandardInput.Close(); // EOF: s_client quits after the handshake
        string stdout = openssl.StandardOutput.ReadToEndAsync().Result;
        string stderr = openssl.StandardError.ReadToEnd();
        Assert.True(openssl.WaitForExit(10_000), "openssl did not finish");
        return stdout + stderr;
    }
}
