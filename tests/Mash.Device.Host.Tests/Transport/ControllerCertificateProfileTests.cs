using System;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mash.Device.Host.Transport;
using Mash.Protocol.Certificates;
using Mash.Protocol.Zones;

namespace Mash.Device.Host.Tests.Transport;

/// <summary>
/// Only an operational (end-entity) certificate of a stored zone is a controller: ECDSA P-256,
/// basicConstraints CA:FALSE, clientAuth, issued by the Zone CA. Crafted certificates that break
/// one rule each, all signed by the stored Zone CA, are refused with the rule they break.
/// </summary>
public sealed class ControllerCertificateProfileTests : IDisposable
{
    private readonly X509Certificate2 _zoneCa = TestCertificates.ZoneCa();
    private readonly ZoneCaTrust _trust = new(() => DateTimeOffset.UtcNow);

    public ControllerCertificateProfileTests()
    {
        _trust.Replace([_zoneCa]);
    }

    public void Dispose() => _zoneCa.Dispose();

    [Fact]
    public void A_certificate_that_fits_the_profile_is_accepted()
    {
        using X509Certificate2 controller = TestCertificates.Controller(_zoneCa);
        Assert.True(_trust.IsTrusted(controller, null, out string? problem), problem);
    }

    [Fact]
    public void The_controller_certificate_mashctl_issues_is_accepted()
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        using ZoneCertificateAuthority zone = ZoneCertificateAuthority.Create(ZoneType.HomeManager, "home", now);
        using X509Certificate2 controller = zone.IssueControllerCertificate(zone.Fingerprint, now);
        var trust = new ZoneCaTrust(() => now);
        trust.Replace([zone.Certificate]);

        Assert.True(trust.IsTrusted(controller, null, out string? problem), problem);
    }

    [Fact]
    public void A_ca_certificate_signed_by_the_zone_ca_is_refused()
    {
        using X509Certificate2 subCa = TestCertificates.Controller(_zoneCa, certificateAuthority: true);
        AssertRefused(subCa, "CA:TRUE");
    }

    [Fact]
    public void A_p384_key_is_refused()
    {
        using X509Certificate2 p384 = TestCertificates.Controller(_zoneCa, curve: ECCurve.NamedCurves.nistP384);
        AssertRefused(p384, "not ECDSA P-256");
    }

    [Fact]
    public void The_zone_cas_own_certificate_is_refused()
    {
        AssertRefused(_zoneCa, "Zone CA certificate");
    }

    [Fact]
    public void A_certificate_without_basic_constraints_is_refused()
    {
        using X509Certificate2 controller = TestCertificates.Controller(_zoneCa, certificateAuthority: null);
        AssertRefused(controller, "no basicConstraints");
    }

    [Fact]
    public void A_certificate_without_an_extended_key_usage_is_refused()
    {
        using X509Certificate2 controller = TestCertificates.Controller(_zoneCa, extendedKeyUsage: false);
        AssertRefused(controller, "clientAuth");
    }

    private void AssertRefused(X509Certificate2 certificate, string reason)
    {
        Assert.False(_trust.IsTrusted(certificate, null, out string? problem));
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }
}
