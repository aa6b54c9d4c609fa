using System;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using Mash.Controller.Commissioning;
using Mash.Controller.Operational;
using Mash.Controller.State;
using Mash.Controller.Tests.Commissioning;
using Mash.Controller.Tests.State;
using Mash.Controller.Tests.Transport;
using Mash.Controller.Transport;
using Mash.Protocol.Certificates;
using Mash.Protocol.Onboarding;
using Mash.Protocol.Zones;

namespace Mash.Controller.Tests.Operational;

public sealed class OperationalClientTests : IDisposable
{
    private static readonly SetupCode Code = new(20202021);

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_commissioned_device_is_reached_with_mutual_TLS_and_the_zone_ID_as_server_name()
    {
        (ControllerState state, DeviceRecord record, X509Certificate2 deviceCertificate) = await CommissionAsync();
        using (state)
        using (deviceCertificate)
        using (var server = new OperationalTlsServer(deviceCertificate, state.Zone!.Certificate))
        {
            DeviceRecord here = record with { Address = "127.0.0.1:" + server.Port };
            state.SaveDevice(here);
            Task<TestPeer> accept = server.AcceptAsync();

            await using MashConnection connection = await OperationalClient.ConnectAsync(state, here).WaitAsync(TestTlsServer.Guard);
            await using TestPeer peer = await accept;

            Assert.Equal(record.ZoneId, server.RequestedServerName);
            Assert.Equal(state.ControllerCertificate!.RawData, server.ClientCertificate!.RawData);
            Assert.Equal(MashConnectionMode.Requests, connection.Mode);
            Assert.NotNull(state.FindDevice(record.DeviceId)!.LastSeen);
        }
    }

    [Fact]
    public async Task A_device_certificate_from_another_zone_CA_is_refused()
    {
        (ControllerState state, DeviceRecord record, X509Certificate2 deviceCertificate) = await CommissionAsync();
        using (state)
        using (deviceCertificate)
        using (var otherZone = ZoneCertificateAuthority.Create(ZoneType.HomeManager, null, DateTimeOffset.UtcNow))
        using (X509Certificate2 foreign = Reissue(otherZone, deviceCertificate))
        using (var server = new OperationalTlsServer(foreign, state.Zone!.Certificate))
        {
            Task<TestPeer> accept = server.AcceptAsync();

            var error = await Assert.ThrowsAsync<MashConnectionException>(
                () => OperationalClient.ConnectAsync(state, record with { Address = "127.0.0.1:" + server.Port }).WaitAsync(TestTlsServer.Guard));
            _ = await Record.ExceptionAsync(() => accept);

            Assert.Contains("rejected", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Another_device_of_the_same_zone_answering_at_the_address_is_refused()
    {
        (ControllerState state, DeviceRecord record, X509Certificate2 deviceCertificate) = await CommissionAsync();
        using (state)
        using (deviceCertificate)
        using (var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        using (X509Certificate2 sibling = state.Zone!.IssueOperationalCertificate(
            new CertificateRequest("CN=sibling", otherKey, HashAlgorithmName.SHA256).CreateSigningRequest(), DateTimeOffset.UtcNow).CopyWithPrivateKey(otherKey))
        using (var server = new OperationalTlsServer(sibling, state.Zone.Certificate))
        {
            Task<TestPeer> accept = server.AcceptAsync();

            await Assert.ThrowsAsync<MashConnectionException>(
                () => OperationalClient.ConnectAsync(state, record with { Address = "127.0.0.1:" + server.Port }).WaitAsync(TestTlsServer.Guard));
            _ = await Record.ExceptionAsync(() => accept);
        }
    }

    /// <summary>The same key and subject, signed by another CA.</summary>
    [Fact]
    public async Task A_device_certificate_naming_where_its_issuer_lives_is_refused_without_fetching_anything()
    {
        (ControllerState state, DeviceRecord record, X509Certificate2 deviceCertificate) = await CommissionAsync();
        var web = new TcpListener(IPAddress.Loopback, 0);
        web.Start();
        using (state)
        using (deviceCertificate)
        using (X509Certificate2 hostile = HostileCertificate($"http://127.0.0.1:{((IPEndPoint)web.LocalEndpoint).Port}/ca.cer"))
        using (var server = new OperationalTlsServer(hostile, state.Zone!.Certificate))
        {
            Task<TestPeer> accept = server.AcceptAsync();

            await Assert.ThrowsAsync<MashConnectionException>(
                () => OperationalClient.ConnectAsync(state, record with { Address = "127.0.0.1:" + server.Port }).WaitAsync(TestTlsServer.Guard));
            _ = await Record.ExceptionAsync(() => accept);

            Assert.False(web.Pending(), "the controller connected to the URL in the device's certificate");
        }

        web.Stop();
    }

    /// <summary>A device certificate from a CA of an impostor's own, linking to where that CA "lives".</summary>
    private static X509Certificate2 HostileCertificate(string caIssuersUrl)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Impostor CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using X509Certificate2 ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=impostor device", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509AuthorityInformationAccessExtension(null, [caIssuersUrl]));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        using X509Certificate2 issued = request.Create(ca, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), [1, 2, 3, 4]);
        return issued.CopyWithPrivateKey(key);
    }

    private static X509Certificate2 Reissue(ZoneCertificateAuthority authority, X509Certificate2 original)
    {
        using ECDsa key = original.GetECDsaPrivateKey()!;
        byte[] csr = new CertificateRequest(original.SubjectName, key, HashAlgorithmName.SHA256).CreateSigningRequest();
        using X509Certificate2 issued = authority.IssueOperationalCertificate(csr, DateTimeOffset.UtcNow);
        return issued.CopyWithPrivateKey(key);
    }

    private async Task<(ControllerState State, DeviceRecord Record, X509Certificate2 DeviceCertificate)> CommissionAsync()
    {
        ControllerState state = ControllerState.Open(_folder.StatePath);
        await using var device = FakeDevice.Start(Code);
        await using CommissioningResult result = await new Commissioner(state)
            .CommissionAsync(new OnboardingCode(new Discriminator(1), Code), "127.0.0.1", device.Port, ZoneType.HomeManager)
            .WaitAsync(TestTlsServer.Guard);
        return (state, result.Device, new X509Certificate2(device.OperationalCertificate!));
    }
}
