using System;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using Mash.Controller.State;
using Mash.Controller.Tests.Operational;
using Mash.Controller.Tests.Transport;
using Mash.Protocol.Wire;
using Mash.Protocol.Zones;

namespace Mash.Tool.Tests;

/// <summary>
/// A device already commissioned with a --state folder: the state holds the zone and the device's
/// record, and an operational TLS listener (mutual TLS against the zone CA) answers mashctl's
/// requests with <see cref="Handler"/>, one connection after another.
/// </summary>
internal sealed class OperationalDevice : IAsyncDisposable
{
    public const string Id = "0123456789abcdef";

    private readonly OperationalTlsServer _server;
    private readonly X509Certificate2 _certificate;
    private readonly Task _serving;
    private bool _disposed;

    private OperationalDevice(X509Certificate2 certificate, X509Certificate2 zoneCa, string zoneId)
    {
        _certificate = certificate;
        ZoneId = zoneId;
        _server = new OperationalTlsServer(certificate, zoneCa);
        _serving = Task.Run(ServeAsync);
    }

    public string ZoneId { get; }

    /// <summary>Every request mashctl sent, in order.</summary>
    public ConcurrentQueue<Request> Requests { get; } = new();

    /// <summary>Answers a request; may also write notifications to the peer after answering.</summary>
    public Func<Request, TestPeer, Task> Handler { get; set; } = (request, peer) => Respond(peer, request, StatusCode.Success, new CborMap(0));

    /// <summary>Creates the zone in <paramref name="stateFolder"/>, a device certificate from it, and the device record.</summary>
    public static OperationalDevice Create(string stateFolder, ZoneType zoneType = ZoneType.HomeManager)
    {
        using ControllerState state = ControllerState.Open(stateFolder);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        state.EnsureZone(zoneType, now);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        byte[] csr = new CertificateRequest("CN=device", key, HashAlgorithmName.SHA256).CreateSigningRequest();
        using X509Certificate2 issued = state.Zone!.IssueOperationalCertificate(csr, now);
        X509Certificate2 withKey = issued.CopyWithPrivateKey(key);
        const string zoneId = "9f4d4049ca6ca23c";
        var device = new OperationalDevice(withKey, X509CertificateLoader.LoadCertificate(state.Zone.Certificate.RawData), zoneId);
        state.SaveDevice(new DeviceRecord
        {
            DeviceId = Id,
            ZoneId = zoneId,
            Address = "127.0.0.1:" + device._server.Port,
            ZoneType = zoneType,
            CommissionedAt = now,
            OperationalCertificate = issued.RawData,
        });
        return device;
    }

    public static Task Respond(TestPeer peer, Request request, StatusCode status, CborMap payload) =>
        peer.WriteFrameAsync(MessageCodec.Encode(new Response(request.MessageId, status, payload)));

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        _server.Dispose();
        _ = await Record.ExceptionAsync(() => _serving);
        _certificate.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!_disposed)
        {
            TestPeer peer;
            try
            {
                peer = await _server.AcceptAsync();
            }
            catch (Exception) when (_disposed)
            {
                return;
            }
            catch (Exception)
            {
                // A handshake mashctl abandoned; wait for the next one.
                continue;
            }

            await using (peer)
            {
                try
                {
                    await ServeConnectionAsync(peer);
                }
                catch (Exception ex) when (ex is System.IO.IOException or ObjectDisposedException)
                {
                }
            }
        }
    }

    private async Task ServeConnectionAsync(TestPeer peer)
    {
        while (await peer.ReadFrameAsync() is byte[] frame)
        {
            if (ControlCodec.TryDecode(frame, out ControlMessage control))
            {
                if (control.Type == ControlMessageType.Close)
                {
                    await peer.SendControlAsync(ControlCodec.CloseAcknowledgementFor(control));
                    return;
                }

                if (control.Type == ControlMessageType.Ping)
                {
                    await peer.SendControlAsync(ControlCodec.PongFor(control));
                }

                continue;
            }

            Request request = MessageCodec.DecodeRequest(frame);
            Requests.Enqueue(request);
            await Handler(request, peer);
        }
    }
}
