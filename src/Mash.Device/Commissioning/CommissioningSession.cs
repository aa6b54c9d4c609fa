using System;
using Mash.Device.Runtime;
using Mash.Device.Transport;
using Mash.Device.Zones;
using Mash.Protocol.Certificates;
using Mash.Protocol.Commissioning;
using Mash.Protocol.Crypto;
using Mash.Protocol.Identity;
using Mash.Protocol.Pase;
using Mash.Protocol.Portable;
using Mash.Protocol.Wire;
using Mash.Protocol.Zones;

namespace Mash.Device.Commissioning;

/// <summary>
/// The device side of one commissioning connection: PASE (SPAKE2+ verifier), then CSR within
/// <see cref="CommissioningTimeouts.Csr"/> and the certificate within
/// <see cref="CommissioningTimeouts.Certificate"/> (the spec's flow). Any failure or timeout sends
/// the reason and closes the connection, which returns the device to a clean commissionable state
/// (nothing half-stored: a zone is one flash record, written before the success answer). Every
/// PASE attempt (a PaseRequest was answered) that does not end in a verified confirmation counts
/// once toward the brute-force back-off, however it ends. With
/// <see cref="CommissioningService.PaseOnlySessions"/> a session may instead stop after PASE and
/// operate as a temporary zone (the reference controller's flow); it gives back the commissioning
/// slot at the CSR deadline.
/// </summary>
public sealed class CommissioningSession : IDisposable
{
    private readonly CommissioningService _service;
    private readonly DeviceConnection _connection;
    private readonly SessionContext _context;
    private readonly TimerHandle _phaseTimer;
    private Spake2PlusVerifierSession? _pase;
    private EcKeyPair? _pendingKey;
    private byte[]? _pendingSpki;
    private bool _attempted;
    private bool _verified;
    private bool _failureCounted;

    internal CommissioningSession(CommissioningService service, Scheduler scheduler, DeviceConnection connection, SessionContext context)
    {
        _service = service;
        _connection = connection;
        _context = context;
        _pase = new Spake2PlusVerifierSession(service.Crypto, service.Group, service.Verifier);
        _phaseTimer = scheduler.After(service.Timeouts.Pase, OnPhaseTimeout);
    }

    public CommissioningPhase Phase { get; private set; } = CommissioningPhase.AwaitingPaseRequest;

    /// <summary>One commissioning message: <paramref name="count"/> bytes of <paramref name="buffer"/> from <paramref name="offset"/>.</summary>
    public void Handle(byte[] buffer, int offset, int count)
    {
        CommissioningMessage message;
        try
        {
            message = CommissioningMessage.Decode(buffer, offset, count);
        }
        catch (WireFormatException ex)
        {
            Fail(CommissioningErrorCode.Internal, "malformed commissioning message: " + ex.Message);
            return;
        }

        CommissioningMessageType type = message.Type;
        if (type == CommissioningMessageType.PaseRequest && Phase == CommissioningPhase.AwaitingPaseRequest)
        {
            OnPaseRequest(message);
        }
        else if (type == CommissioningMessageType.PaseConfirm && Phase == CommissioningPhase.AwaitingPaseConfirm)
        {
            OnPaseConfirm(message);
        }
        else if (type == CommissioningMessageType.CsrRequest && Phase == CommissioningPhase.PaseVerified)
        {
            OnCsrRequest(message);
        }
        else if (type == CommissioningMessageType.CertInstall && Phase == CommissioningPhase.AwaitingCertificate)
        {
            OnCertInstall(message);
        }
        else if (type == CommissioningMessageType.CommissioningComplete && Phase == CommissioningPhase.Installed)
        {
            Send(CommissioningMessage.Complete());
        }
        else
        {
            Fail(CommissioningErrorCode.Internal, $"unexpected {message.Type} while {CommissioningPhaseNames.Of(Phase)}");
        }
    }

    public void Dispose()
    {
        // A connection lost mid-PASE is a failed attempt too: otherwise hanging up before the
        // confirmation would be a free guess.
        CountFailedAttempt();
        _phaseTimer.Cancel();
        _pase?.Dispose();
        _pase = null;
        _pendingKey?.Dispose();
        _pendingKey = null;
    }

    private void OnPaseRequest(CommissioningMessage request)
    {
        if (_service.Zones.IsFull)
        {
            // Refuse before any SPAKE2+ work: the controller learns why at once.
            Fail(CommissioningErrorCode.ZoneFull, new ZoneFullException(ZoneStore.MaxZones).Message);
            return;
        }

        _attempted = true;
        byte[] pB = _pase!.Respond(request.Data);
        string? rejection = _pase.Rejection;
        if (rejection is not null)
        {
            // Answered like any pA (see Spake2PlusVerifierSession.Respond); the attempt fails at
            // the confirmation. Only the log says why.
            _service.Log.Warn($"#{_connection.Id} PASE: unusable pA ({rejection}); answering with a dummy share, the attempt will fail");
        }

        Phase = CommissioningPhase.AwaitingPaseConfirm;
        Send(CommissioningMessage.PaseResponse(pB));
    }

    private void OnPaseConfirm(CommissioningMessage confirm)
    {
        bool ok = _pase!.VerifyClientConfirmation(confirm.Data);
        byte[] cB = _pase.ServerConfirmation;
        if (!ok)
        {
            // As the reference: cB is still sent, with error 2, then the connection closes.
            Send(CommissioningMessage.PaseComplete(cB, CommissioningErrorCode.ConfirmationFailed));
            Phase = CommissioningPhase.Failed;
            CountFailedAttempt();
            _connection.CloseGracefully(CloseReason.Rejected);
            return;
        }

        _verified = true;
        byte[] secret = _pase.SharedSecret;
        _context.ZoneId = MashIds.ZoneIdFromSharedSecret(_service.Crypto, secret);
        Bytes.Clear(secret);
        _pase.Dispose();
        _pase = null;
        Phase = CommissioningPhase.PaseVerified;
        _phaseTimer.Restart(_service.Timeouts.Csr);
        Send(CommissioningMessage.PaseComplete(cB, CommissioningErrorCode.Success));
        _service.OnPaseSucceeded(_connection, _context);
    }

    private void OnPhaseTimeout()
    {
        CommissioningTimeouts t = _service.Timeouts;
        switch (Phase)
        {
            case CommissioningPhase.AwaitingPaseRequest or CommissioningPhase.AwaitingPaseConfirm:
                Fail(CommissioningErrorCode.Timeout, $"PASE not completed within {CommissioningTimeouts.Seconds(t.Pase)} s");
                break;
            case CommissioningPhase.PaseVerified when _service.PaseOnlySessions:
                // The reference controller's flow: the session goes on operating as a temporary
                // zone, but the commissioning slot is free for the next installer from now on.
                Phase = CommissioningPhase.PaseOnlySession;
                _service.OnPaseOnlySessionSettled(_connection);
                break;
            case CommissioningPhase.PaseVerified:
                Fail(CommissioningErrorCode.Timeout, $"no CSR request within {CommissioningTimeouts.Seconds(t.Csr)} s of PASE");
                break;
            case CommissioningPhase.AwaitingCertificate:
                Fail(CommissioningErrorCode.Timeout, $"no certificate within {CommissioningTimeouts.Seconds(t.Certificate)} s of the CSR");
                break;
        }
    }

    private void OnCsrRequest(CommissioningMessage request)
    {
        if (request.Data is not { Length: >= 16 and <= 64 })
        {
            Fail(CommissioningErrorCode.CsrFailed, "CSR request nonce must be 16..64 bytes");
            return;
        }

        try
        {
            _pendingKey = _service.Zones.X509.GenerateP256KeyPair();
            _pendingSpki = _pendingKey.SubjectPublicKeyInfo;
            byte[] csr = DeviceCsr.Create(_service.Zones.X509, _pendingKey, _service.DeviceId, _service.VendorId, _service.ProductId);
            Phase = CommissioningPhase.AwaitingCertificate;
            _phaseTimer.Restart(_service.Timeouts.Certificate);
            Send(CommissioningMessage.CsrResponse(csr, CommissioningErrorCode.Success));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The platform's X.509 module failed (a .NET CryptographicException on the host, an mbedTLS error on the ESP32).
            Fail(CommissioningErrorCode.CsrFailed, "CSR generation failed: " + ex.Message);
        }
    }

    private void OnCertInstall(CommissioningMessage install)
    {
        if (install.ZoneType is < (byte)ZoneType.GridOperator or > (byte)ZoneType.UserApp)
        {
            Fail(CommissioningErrorCode.CertInstallFailed, $"zone type {install.ZoneType} is not 1..4");
            return;
        }

        string? problem = _service.Zones.CheckOperationalCertificate(install.Data!, install.Data2!, _pendingSpki!);
        if (problem is not null)
        {
            Fail(CommissioningErrorCode.CertInstallFailed, "certificate refused: " + problem);
            return;
        }

        var zone = new ZoneRecord(
            _context.ZoneId!,
            (ZoneType)install.ZoneType,
            install.ZonePriority is >= 1 and <= 4 ? install.ZonePriority : install.ZoneType,
            install.Data2!,
            install.Data!,
            Bytes.Copy(_pendingKey!.Pkcs8PrivateKey),
            _service.WallClock());
        try
        {
            _service.Zones.Add(zone); // persisted before we answer
        }
        catch (ZoneFullException ex)
        {
            Fail(CommissioningErrorCode.ZoneFull, ex.Message);
            return;
        }

        _phaseTimer.Cancel();
        _pendingKey.Dispose();
        _pendingKey = null;
        Phase = CommissioningPhase.Installed;
        Send(CommissioningMessage.CertInstallResponse(CommissioningErrorCode.Success));
        _service.OnZoneInstalled(_connection, _context, zone);
    }

    /// <summary>Something other than a commissioning message arrived where only one is accepted: say so and close.</summary>
    internal void Refuse(string text) => Fail(CommissioningErrorCode.Internal, text);

    private void Send(CommissioningMessage message) => _connection.Send(message.Encode());

    private void CountFailedAttempt()
    {
        if (_attempted && !_verified && !_failureCounted)
        {
            _failureCounted = true;
            _service.OnPaseFailed(_connection);
        }
    }

    private void Fail(CommissioningErrorCode code, string text)
    {
        if (Phase == CommissioningPhase.Failed)
        {
            return;
        }

        Phase = CommissioningPhase.Failed;
        CountFailedAttempt();
        _service.Log.Warn($"#{_connection.Id} commissioning failed: {text}");
        Send(CommissioningMessage.Error(code, text));
        _connection.CloseGracefully(CloseReason.Rejected);
    }
}
