using System;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using Mash.Controller.Tests.Transport;
using Mash.Protocol.Commissioning;
using Mash.Protocol.DotNet.Crypto;
using Mash.Protocol.Identity;
using Mash.Protocol.Onboarding;
using Mash.Protocol.Pase;
using Mash.Protocol.Wire;

namespace Mash.Controller.Tests.Commissioning;

/// <summary>How the fake device deviates from a correct commissioning.</summary>
internal enum FakeDeviceBehaviour
{
    Correct,

    /// <summary>Answers the PaseRequest with an Error message, then closes.</summary>
    RefuseAtPase,

    /// <summary>Reads the PaseRequest and then says nothing.</summary>
    SilentAfterPaseRequest,

    /// <summary>Answers the CSR request with a CSR whose signature does not verify.</summary>
    TamperedCsr,

    /// <summary>Completes PASE, then never answers the CSR request (the mash-go reference device).</summary>
    SilentAfterPase,
}

/// <summary>
/// The device side of commissioning as the messages define it, on the test TLS server: SPAKE2+
/// verifier with the configured setup code, a fresh P-256 key per zone, a CSR, checks on the
/// installed certificate, then one operational request on the same connection.
/// </summary>
internal sealed class FakeDevice : IAsyncDisposable
{
    private readonly TestTlsServer _server;
    private readonly SetupCode _code;
    private readonly FakeDeviceBehaviour _behaviour;
    private readonly ECDsa _zoneKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly TaskCompletionSource _paseRequestRead = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _csrRequestRead = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TestPeer? _peer;

    private FakeDevice(SetupCode code, FakeDeviceBehaviour behaviour)
    {
        _code = code;
        _behaviour = behaviour;
        _server = TestTlsServer.Start(IPAddress.Loopback);
        Run = RunAsync();
    }

    public int Port => _server.Port;

    /// <summary>Completes when the PaseRequest has arrived (the controller's PASE timer is running by then).</summary>
    public Task PaseRequestRead => _paseRequestRead.Task;

    /// <summary>Completes when the CSR request has arrived (the controller's CSR timer is running by then).</summary>
    public Task CsrRequestRead => _csrRequestRead.Task;

    /// <summary>The device ID a controller derives from the commissioning certificate.</summary>
    public string DeviceId => MashIds.DeviceIdFromSpki(_server.Certificate.PublicKey.ExportSubjectPublicKeyInfo());

    /// <summary>Completes when the script has ended (or failed: the exception surfaces here).</summary>
    public Task Run { get; }

    public CommissioningErrorCode RefusalCode { get; init; } = CommissioningErrorCode.ZoneFull;

    public string RefusalText { get; init; } = "zone full: all 5 zone slots are in use";

    /// <summary>Zone ID from the PASE secret, as the device derives it.</summary>
    public string? ZoneId { get; private set; }

    public CommissioningMessage? CertInstall { get; private set; }

    /// <summary>The installed certificate with the device's zone key, for an operational TLS server.</summary>
    public X509Certificate2? OperationalCertificate { get; private set; }

    /// <summary>Set when the client closed the connection instead of sending what the script expected next.</summary>
    public bool SawEndOfStream { get; private set; }

    public static FakeDevice Start(SetupCode code, FakeDeviceBehaviour behaviour = FakeDeviceBehaviour.Correct) => new(code, behaviour);

    public async ValueTask DisposeAsync()
    {
        if (_peer is not null)
        {
            await _peer.DisposeAsync();
        }

        _server.Dispose();
        _zoneKey.Dispose();
        OperationalCertificate?.Dispose();
    }

    private static CommissioningMessage Decode(byte[] frame) => CommissioningMessage.Decode(frame);

    private async Task RunAsync()
    {
        await Task.Yield();
        _peer = await _server.AcceptAsync();
        TestPeer peer = _peer;

        CommissioningMessage request = Decode(await peer.ExpectFrameAsync());
        Assert.Equal(CommissioningMessageType.PaseRequest, request.Type);
        Assert.Equal("mash-controller"u8.ToArray(), request.Data2);
        _paseRequestRead.TrySetResult();
        switch (_behaviour)
        {
            case FakeDeviceBehaviour.RefuseAtPase:
                await peer.WriteFrameAsync(CommissioningMessage.Error(RefusalCode, RefusalText).Encode());
                await peer.DisposeAsync();
                return;
            case FakeDeviceBehaviour.SilentAfterPaseRequest:
                SawEndOfStream = await DrainUntilEndAsync(peer);
                return;
        }

        using var session = new Spake2PlusVerifierSession(SystemCryptoPal.Instance, OpenSslP256Group.Instance, Spake2PlusVerifier.Derive(SystemCryptoPal.Instance, OpenSslP256Group.Instance, _code));
        await peer.WriteFrameAsync(CommissioningMessage.PaseResponse(session.Respond(request.Data)).Encode());
        CommissioningMessage confirm = Decode(await peer.ExpectFrameAsync());
        bool confirmed = session.VerifyClientConfirmation(confirm.Data);
        await peer.WriteFrameAsync(CommissioningMessage.PaseComplete(
            session.ServerConfirmation, confirmed ? CommissioningErrorCode.Success : CommissioningErrorCode.ConfirmationFailed).Encode());
        if (!confirmed)
        {
            await peer.DisposeAsync();
            return;
        }

        ZoneId = MashIds.ZoneIdFromSharedSecret(session.SharedSecret);

        CommissioningMessage csrRequest = Decode(await peer.ExpectFrameAsync());
        Assert.Equal(CommissioningMessageType.CsrRequest, csrRequest.Type);
        Assert.Equal(32, csrRequest.Data!.Length);
        _csrRequestRead.TrySetResult();
        if (_behaviour == FakeDeviceBehaviour.SilentAfterPase)
        {
            SawEndOfStream = await DrainUntilEndAsync(peer);
            return;
        }

        byte[] csr = new CertificateRequest($"CN={DeviceId}, OU=V4660, OU=P22136, O=MASH Device", _zoneKey, HashAlgorithmName.SHA256)
            .CreateSigningRequest();
        if (_behaviour == FakeDeviceBehaviour.TamperedCsr)
        {
            csr[csr.AsSpan().IndexOf("MASH Device"u8)] ^= 0x20;
        }

        await peer.WriteFrameAsync(CommissioningMessage.CsrResponse(csr, CommissioningErrorCode.Success).Encode());
        byte[]? next = await peer.ReadFrameAsync();
        if (next is null || Decode(next).Type == CommissioningMessageType.Error)
        {
            SawEndOfStream = next is null || await DrainUntilEndAsync(peer);
            return;
        }

        CertInstall = Decode(next);
        Assert.Equal(CommissioningMessageType.CertInstall, CertInstall.Type);
        using X509Certificate2 zoneCa = X509CertificateLoader.LoadCertificate(CertInstall.Data2!);
        using X509Certificate2 issued = X509CertificateLoader.LoadCertificate(CertInstall.Data!);
        bool valid = ChainsTo(issued, zoneCa) && issued.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(_zoneKey.ExportSubjectPublicKeyInfo());
        await peer.WriteFrameAsync(CommissioningMessage.CertInstallResponse(valid ? CommissioningErrorCode.Success : CommissioningErrorCode.CertInstallFailed).Encode());
        if (!valid)
        {
            await peer.DisposeAsync();
            return;
        }

        OperationalCertificate = issued.CopyWithPrivateKey(_zoneKey);
        Assert.Equal(CommissioningMessageType.CommissioningComplete, Decode(await peer.ExpectFrameAsync()).Type);
        await peer.WriteFrameAsync(CommissioningMessage.Complete().Encode());

        // The same connection is now the zone's operational session: answer reads, acknowledge a close.
        while (await peer.ReadFrameAsync() is { } frame)
        {
            if (ControlCodec.TryDecode(frame, out ControlMessage control))
            {
                if (control.Type == ControlMessageType.Close)
                {
                    await peer.SendControlAsync(new ControlMessage(ControlMessageType.Close));
                    await peer.DisposeAsync();
                    return;
                }

                continue;
            }

            Request read = MessageCodec.DecodeRequest(frame);
            await peer.RespondAsync(read.MessageId, new CborMap().Set(1, CborValue.FromText("fake device")));
        }
    }

    /// <summary>Reads (and ignores, e.g. a close message) until the client ends the stream.</summary>
    private static async Task<bool> DrainUntilEndAsync(TestPeer peer)
    {
        while (!await peer.SeesEndOfStreamAsync())
        {
        }

        return true;
    }

    private static bool ChainsTo(X509Certificate2 leaf, X509Certificate2 root)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(leaf);
    }
}
