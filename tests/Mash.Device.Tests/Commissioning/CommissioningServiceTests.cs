using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mash.Device.Commissioning;
using Mash.Device.Composition;
using Mash.Device.Diagnostics;
using Mash.Device.Runtime;
using Mash.Device.Storage;
using Mash.Device.Tests.Transport;
using Mash.Device.Tests.Zones;
using Mash.Device.Transport;
using Mash.Device.Zones;
using Mash.Protocol.Commissioning;
using Mash.Protocol.DotNet.Crypto;
using Mash.Protocol.Identity;
using Mash.Protocol.Onboarding;
using Mash.Protocol.Pase;
using Mash.Protocol.Wire;
using Mash.Protocol.Zones;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Math;
using ECPoint = Org.BouncyCastle.Math.EC.ECPoint;

namespace Mash.Device.Tests.Commissioning;

/// <summary>The device's commissioning on the virtual clock, driven by a real SPAKE2+ prover.</summary>
public sealed class CommissioningServiceTests : IDisposable
{
    private static readonly SetupCode Code = new(20252026);
    private readonly VirtualClock _clock = new(new DateTime(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc));
    private readonly Scheduler _scheduler;
    private readonly InMemoryFlashStore _flash = new();
    private readonly ZoneStore _zones;
    private readonly RecordingHandler _interaction = new();
    private readonly TestZoneCa _ca = new();
    private readonly List<string> _zoneEvents = [];
    private CommissioningService _service;
    private ConnectionManager _manager;

    public CommissioningServiceTests()
    {
        _scheduler = new Scheduler(_clock, NullLogSink.Instance);
        _zones = TestZoneStores.Create(_flash, NullLogSink.Instance, _clock);
        (_service, _manager) = Build(paseOnlySessions: false);
    }

    /// <summary>Rebuilds the device as mash-load --pase-only-sessions runs it.</summary>
    private void UsePaseOnlySessions() => (_service, _manager) = Build(paseOnlySessions: true);

    private (CommissioningService, ConnectionManager) Build(bool paseOnlySessions)
    {
        var service = new CommissioningService(_scheduler, _zones, Spake2PlusVerifier.Derive(SystemCryptoPal.Instance, OpenSslP256Group.Instance, Code), new DeviceCsrIdentity("0123456789abcdef", 65521, 1), SystemCryptoPal.Instance, OpenSslP256Group.Instance, NullLogSink.Instance)
        {
            PaseOnlySessions = paseOnlySessions,
        };
        var router = new DeviceRouter(service, _zones, _interaction, NullLogSink.Instance)
        {
            ZoneConnected = (id, type) => _zoneEvents.Add($"connected {type}"),
            TemporaryZoneConnected = id => _zoneEvents.Add("temporary"),
            ZoneDisconnected = id => _zoneEvents.Add("disconnected"),
        };
        service.SessionEstablished = router.OnSessionEstablished;
        var manager = new ConnectionManager(_scheduler, router, NullLogSink.Instance);
        service.Window.Open("test");
        return (service, manager);
    }

    public void Dispose() => _ca.Dispose();

    private sealed class Controller
    {
        private readonly CommissioningServiceTests _t;

        public Controller(CommissioningServiceTests t)
        {
            _t = t;
            Channel = new FakeChannel();
            Connection = t._manager.Open(Channel, PeerCredentials.Anonymous)!;
        }

        public FakeChannel Channel { get; }

        public DeviceConnection Connection { get; }

        /// <summary>The last commissioning message the device sent (control frames such as close skipped).</summary>
        public CommissioningMessage Last => CommissioningMessage.Decode(Channel.Sent.Last(f => MessageClassifier.Classify(f) == MessageKind.Pase));

        public CommissioningMessage Send(CommissioningMessage message)
        {
            int before = Channel.Sent.Count;
            _t._manager.Receive(Connection, message.Encode());
            Assert.True(Channel.Sent.Count > before, $"no answer to {message.Type}");
            return CommissioningMessage.Decode(Channel.Sent[before]);
        }

        public (CommissioningMessage Complete, Spake2PlusProver Prover) Pase(SetupCode code)
        {
            var prover = new Spake2PlusProver(SystemCryptoPal.Instance, OpenSslP256Group.Instance, code);
            CommissioningMessage response = Send(CommissioningMessage.PaseRequest(prover.Start(), Spake2Plus.ProverIdentity));
            Assert.Equal(CommissioningMessageType.PaseResponse, response.Type);
            byte[] cA = prover.Finish(response.Data);
            return (Send(CommissioningMessage.PaseConfirm(cA)), prover);
        }

        public CommissioningMessage InstallZone(ZoneType type, TestZoneCa ca)
        {
            CommissioningMessage csr = Send(CommissioningMessage.CsrRequest(RandomNumberGenerator.GetBytes(32)));
            Assert.Equal(CommissioningMessageType.CsrResponse, csr.Type);
            byte[] cert = ca.Sign(csr.Data!, _t._clock.UtcNow);
            return Send(CommissioningMessage.CertInstall(cert, ca.Certificate.RawData, (byte)type, (byte)type));
        }
    }

    [Fact]
    public void Pase_csr_and_certificate_installation_store_a_zone_and_close_the_window()
    {
        var c = new Controller(this);
        (CommissioningMessage complete, Spake2PlusProver prover) = c.Pase(Code);
        Assert.Equal(CommissioningErrorCode.Success, complete.ErrorCode);
        Assert.True(prover.VerifyServerConfirmation(complete.Data));
        string zoneId = MashIds.ZoneIdFromSharedSecret(prover.SharedSecret);

        CommissioningMessage installed = c.InstallZone(ZoneType.GridOperator, _ca);
        Assert.Equal(CommissioningMessageType.CertInstallResponse, installed.Type);
        Assert.Equal(CommissioningErrorCode.Success, installed.ErrorCode);

        ZoneRecord zone = Assert.Single(_zones.Zones);
        Assert.Equal(zoneId, zone.ZoneId);
        Assert.Equal(ZoneType.GridOperator, zone.Type);
        Assert.False(_service.Window.IsOpen);
        Assert.Equal(CommissioningMessageType.CommissioningComplete, c.Send(CommissioningMessage.Complete()).Type);

        // The zone survives a reboot: a fresh store loads it from flash.
        var reloaded = TestZoneStores.Create(_flash, NullLogSink.Instance, _clock);
        Assert.Equal(0, reloaded.Load());
        Assert.Equal(zoneId, Assert.Single(reloaded.Zones).ZoneId);

        // The same connection now serves requests for the zone.
        _manager.Receive(c.Connection, Convert.FromHexString("a401010201030004 00".Replace(" ", string.Empty, StringComparison.Ordinal)));
        Assert.Equal(MessageKind.Request, _interaction.Messages[^1].Kind);
    }

    [Fact]
    public void With_pase_only_sessions_a_controller_that_stops_after_pase_gets_a_temporary_session_but_no_stored_zone()
    {
        UsePaseOnlySessions();
        var c = new Controller(this);
        Assert.Equal(CommissioningErrorCode.Success, c.Pase(Code).Complete.ErrorCode);
        _manager.Receive(c.Connection, Convert.FromHexString("a5010202030301040405a1018101"));
        Assert.Single(_interaction.Messages);
        Assert.Equal(1, _interaction.Opened);
        Assert.Equal(ZoneType.UserApp, ((SessionContext)c.Connection.Session!).ZoneType);
        Assert.Empty(_zones.Zones);

        _manager.ChannelClosed(c.Connection, CloseReason.ClosedByPeer);
        Assert.Equal(["temporary", "disconnected"], _zoneEvents);
        Assert.Empty(_zones.Zones);
    }

    [Fact]
    public void By_default_anything_but_a_csr_after_pase_is_refused_and_the_connection_closed()
    {
        var c = new Controller(this);
        Assert.Equal(CommissioningErrorCode.Success, c.Pase(Code).Complete.ErrorCode);

        _manager.Receive(c.Connection, Convert.FromHexString("a5010202030301040405a1018101"));

        Assert.Equal(CommissioningMessageType.Error, c.Last.Type);
        Assert.Contains("only a CSR request", c.Last.Text, StringComparison.Ordinal);
        Assert.Equal(ConnectionState.Closing, c.Connection.State);
        Assert.Empty(_interaction.Messages);
        Assert.Equal(0, _interaction.Opened);
        Assert.Empty(_zoneEvents);
    }

    [Fact]
    public void A_session_that_stalls_after_pase_is_dropped_at_the_csr_deadline_and_frees_the_slot()
    {
        var stalled = new Controller(this);
        Assert.Equal(CommissioningErrorCode.Success, stalled.Pase(Code).Complete.ErrorCode);
        Assert.Equal(CommissioningErrorCode.Busy, new Controller(this).Last.ErrorCode);

        VirtualTime.RunFor(_scheduler, _clock, TimeSpan.FromSeconds(9.9));
        Assert.Equal(ConnectionState.Open, stalled.Connection.State);
        VirtualTime.RunFor(_scheduler, _clock, TimeSpan.FromSeconds(0.1));
        Assert.Equal(CommissioningErrorCode.Timeout, stalled.Last.ErrorCode);
        Assert.Contains("no CSR request within 10 s", stalled.Last.Text, StringComparison.Ordinal);
        Assert.Equal(ConnectionState.Closing, stalled.Connection.State);

        // Even if the stalled peer never acknowledges the close, the next installer gets its turn
        // once the connection is gone; and a window reopened meanwhile is usable.
        _manager.ChannelClosed(stalled.Connection, CloseReason.ClosedByPeer);
        _service.OpenWindowLocally("button");
        Assert.False(_service.Busy);
        var next = new Controller(this);
        Assert.Equal(CommissioningErrorCode.Success, next.Pase(Code).Complete.ErrorCode);
        Assert.Equal(CommissioningErrorCode.Success, next.InstallZone(ZoneType.HomeManager, _ca).ErrorCode);
    }

    [Fact]
    public void With_pase_only_sessions_the_session_keeps_operating_but_gives_back_the_slot_at_the_csr_deadline()
    {
        UsePaseOnlySessions();
        var temporary = new Controller(this);
        Assert.Equal(CommissioningErrorCode.Success, temporary.Pase(Code).Complete.ErrorCode);
        Assert.Equal(CommissioningErrorCode.Busy, new Controller(this).Last.ErrorCode);

        VirtualTime.RunFor(_scheduler, _clock, TimeSpan.FromSeconds(10));
        Assert.False(_service.Busy);
        Assert.Equal(ConnectionState.Open, temporary.Connection.State);
        _manager.Receive(temporary.Connection, Convert.FromHexString("a5010202030301040405a1018101"));
        Assert.Single(_interaction.Messages);

        var installer = new Controller(this);
        Assert.Equal(CommissioningErrorCode.Success, installer.Pase(Code).Complete.ErrorCode);
        Assert.Equal(CommissioningErrorCode.Success, installer.InstallZone(ZoneType.GridOperator, _ca).ErrorCode);
        Assert.Equal(ZoneType.GridOperator, Assert.Single(_zones.Zones).Type);
    }

    [Fact]
    public void With_pase_only_sessions_a_certificate_installed_after_operating_turns_the_temporary_zone_into_a_stored_one()
    {
        UsePaseOnlySessions();
        var c = new Controller(this);
        c.Pase(Code);
        _manager.Receive(c.Connection, Convert.FromHexString("a5010202030301040405a1018101"));
        Assert.Equal(CommissioningErrorCode.Success, c.InstallZone(ZoneType.HomeManager, _ca).ErrorCode);

        Assert.Equal(["temporary", "disconnected", "connected HomeManager"], _zoneEvents);
        Assert.Single(_zones.Zones);
    }

    [Fact]
    public void The_certificate_deadline_names_the_certificate()
    {
        var c = new Controller(this);
        c.Pase(Code);
        c.Send(CommissioningMessage.CsrRequest(new byte[32]));
        VirtualTime.RunFor(_scheduler, _clock, TimeSpan.FromSeconds(29.9));
        Assert.Equal(ConnectionState.Open, c.Connection.State);
        VirtualTime.RunFor(_scheduler, _clock, TimeSpan.FromSeconds(0.1));
        Assert.Contains("no certificate within 30 s of the CSR", c.Last.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_pA_of_w0_times_M_gets_a_normal_answer_whether_the_guess_is_right_or_not_and_counts_as_a_failure(bool rightGuess)
    {
        SetupCode guess = rightGuess ? Code : new SetupCode(11112222);
        var c = new Controller(this);

        CommissioningMessage response = c.Send(CommissioningMessage.PaseRequest(W0TimesM(guess), Spake2Plus.ProverIdentity));
        Assert.Equal(CommissioningMessageType.PaseResponse, response.Type);
        Assert.Equal(Spake2Plus.ShareLength, response.Data!.Length);

        // The guesser cannot compute a valid cA either way; the attempt fails like a wrong code.
        CommissioningMessage complete = c.Send(CommissioningMessage.PaseConfirm(new byte[32]));
        Assert.Equal(CommissioningMessageType.PaseComplete, complete.Type);
        Assert.Equal(CommissioningErrorCode.ConfirmationFailed, complete.ErrorCode);
        Assert.Equal(32, complete.Data!.Length);
        Assert.Equal(1, _service.Limiter.Failures);
    }

    [Fact]
    public void Invalid_points_get_the_same_answers_as_a_wrong_code()
    {
        var c = new Controller(this);
        byte[] notOnCurve = new byte[65];
        notOnCurve[0] = 0x04;
        notOnCurve[64] = 1;
        CommissioningMessage response = c.Send(CommissioningMessage.PaseRequest(notOnCurve, Spake2Plus.ProverIdentity));
        Assert.Equal(CommissioningMessageType.PaseResponse, response.Type);
        Assert.Equal(CommissioningErrorCode.ConfirmationFailed, c.Send(CommissioningMessage.PaseConfirm(new byte[32])).ErrorCode);
        Assert.Equal(1, _service.Limiter.Failures);
    }

    [Fact]
    public void Hanging_up_after_the_pase_response_counts_as_a_failed_attempt()
    {
        var c = new Controller(this);
        c.Send(CommissioningMessage.PaseRequest(W0TimesM(Code), Spake2Plus.ProverIdentity));
        _manager.ChannelClosed(c.Connection, CloseReason.ClosedByPeer);

        Assert.Equal(1, _service.Limiter.Failures);
        Assert.Contains("try again in 1 s", new Controller(this).Last.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pase_that_times_out_after_the_request_counts_as_a_failed_attempt_but_a_silent_connection_does_not()
    {
        var silent = new Controller(this);
        VirtualTime.RunFor(_scheduler, _clock, TimeSpan.FromSeconds(30));
        _manager.ChannelClosed(silent.Connection, CloseReason.ClosedByPeer);
        Assert.Equal(0, _service.Limiter.Failures);

        var c = new Controller(this);
        c.Send(CommissioningMessage.PaseRequest(new Spake2PlusProver(SystemCryptoPal.Instance, OpenSslP256Group.Instance, Code).Start(), Spake2Plus.ProverIdentity));
        VirtualTime.RunFor(_scheduler, _clock, TimeSpan.FromSeconds(30));
        Assert.Equal(CommissioningErrorCode.Timeout, c.Last.ErrorCode);
        Assert.Equal(1, _service.Limiter.Failures);
    }

    /// <summary>pA = w0(guess)·M: unblinds to the identity exactly when the guess is the device's code.</summary>
    private static byte[] W0TimesM(SetupCode guess)
    {
        X9ECParameters p256 = NistNamedCurves.GetByName("P-256");
        ECPoint m = p256.Curve.DecodePoint(Convert.FromHexString("02886e2f97ace46e55ba9dd7242579f2993b64e16ef3dcab95afd497333d8fa12f"));
        var w0 = new BigInteger(1, Spake2PlusVerifier.Derive(SystemCryptoPal.Instance, OpenSslP256Group.Instance, guess).Encode().AsSpan(0, 32).ToArray());
        return m.Multiply(w0).Normalize().GetEncoded(false);
    }

    [Fact]
    public void A_wrong_setup_code_fails_with_error_2_stores_nothing_and_backs_off()
    {
        var c = new Controller(this);
        CommissioningMessage complete = c.Pase(new SetupCode(11112222)).Complete;
        Assert.Equal(CommissioningErrorCode.ConfirmationFailed, complete.ErrorCode);
        Assert.Equal(32, complete.Data!.Length); // cB is still sent, as the reference does
        Assert.Equal(ConnectionState.Closing, c.Connection.State);
        Assert.Empty(_zones.Zones);
        Assert.Equal(1, _service.Limiter.Failures);

        _manager.Receive(c.Connection, new byte[] { 0xa1, 0x01, 0x03 }); // controller acknowledges the close
        var early = new Controller(this);
        Assert.Equal(CommissioningErrorCode.WindowClosed, early.Last.ErrorCode);
        Assert.Contains("try again in 1 s", early.Last.Text, StringComparison.Ordinal);

        VirtualTime.RunFor(_scheduler, _clock, TimeSpan.FromSeconds(1));
        var later = new Controller(this);
        Assert.Equal(CommissioningErrorCode.Success, later.Pase(Code).Complete.ErrorCode);
        Assert.Equal(0, _service.Limiter.Failures);
    }

    [Fact]
    public void Back_off_grows_and_ten_failures_close_the_window_until_reopened_locally()
    {
        var delays = new List<TimeSpan>();
        for (int i = 0; i < PaseAttemptLimiter.MaxFailures; i++)
        {
            var c = new Controller(this);
            Assert.Equal(CommissioningErrorCode.ConfirmationFailed, c.Pase(new SetupCode(11112222)).Complete.ErrorCode);
            _manager.ChannelClosed(c.Connection, CloseReason.ClosedByPeer);
            TimeSpan wait = _service.Limiter.WaitAt(_clock.Monotonic);
            delays.Add(wait);
            VirtualTime.RunFor(_scheduler, _clock, wait);
            if (i < PaseAttemptLimiter.MaxFailures - 1)
            {
                _service.Window.Open("keep open for the test");
            }
        }

        Assert.Equal(new[] { 1, 2, 4, 8, 16, 32, 60, 60, 60, 60 }, delays.Select(d => (int)d.TotalSeconds));
        Assert.False(_service.Window.IsOpen);
        Assert.Equal(CommissioningErrorCode.WindowClosed, new Controller(this).Last.ErrorCode);

        _service.OpenWindowLocally("button");
        Assert.Equal(CommissioningErrorCode.Success, new Controller(this).Pase(Code).Complete.ErrorCode);
    }

    [Fact]
    public void A_closed_window_refuses_commissioning_with_a_reason()
    {
        _service.Window.Close("test");
        var c = new Controller(this);
        Assert.Equal(CommissioningMessageType.Error, c.Last.Type);
        Assert.Equal(CommissioningErrorCode.WindowClosed, c.Last.ErrorCode);
        Assert.Contains("window is closed", c.Last.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_window_closes_by_itself_after_120_seconds()
    {
        VirtualTime.RunFor(_scheduler, _clock, TimeSpan.FromSeconds(119.9));
        Assert.True(_service.Window.IsOpen);
        VirtualTime.RunFor(_scheduler, _clock, TimeSpan.FromSeconds(0.1));
        Assert.False(_service.Window.IsOpen);
    }

    [Fact]
    public void A_second_commissioning_connection_is_told_the_device_is_busy()
    {
        var first = new Controller(this);
        var second = new Controller(this);
        Assert.Equal(CommissioningErrorCode.Busy, second.Last.ErrorCode);
        Assert.Equal(CommissioningErrorCode.Success, first.Pase(Code).Complete.ErrorCode);
    }

    [Fact]
    public void Pase_must_finish_within_30_seconds()
    {
        var c = new Controller(this);
        VirtualTime.RunFor(_scheduler, _clock, TimeSpan.FromSeconds(30));
        Assert.Equal(CommissioningErrorCode.Timeout, c.Last.ErrorCode);
        Assert.Equal(ConnectionState.Closing, c.Connection.State);
    }

    [Fact]
    public void The_certificate_must_arrive_within_30_seconds_of_the_csr()
    {
        var c = new Controller(this);
        c.Pase(Code);
        c.Send(CommissioningMessage.CsrRequest(new byte[32]));
        VirtualTime.RunFor(_scheduler, _clock, TimeSpan.FromSeconds(30));
        Assert.Equal(CommissioningErrorCode.Timeout, c.Last.ErrorCode);
        Assert.Empty(_zones.Zones);
    }

    [Fact]
    public void A_full_device_refuses_before_spending_pase_work_and_names_the_limit()
    {
        for (int i = 0; i < ZoneStore.MaxZones; i++)
        {
            _service.Window.Open("next zone");
            var c = new Controller(this);
            c.Pase(Code);
            using var ca = new TestZoneCa("CA " + i);
            Assert.Equal(CommissioningErrorCode.Success, c.InstallZone(ZoneType.UserApp, ca).ErrorCode);
        }

        _service.Window.Open("sixth");
        var sixth = new Controller(this);
        CommissioningMessage answer = sixth.Send(CommissioningMessage.PaseRequest(new Spake2PlusProver(SystemCryptoPal.Instance, OpenSslP256Group.Instance, Code).Start(), Spake2Plus.ProverIdentity));
        Assert.Equal(CommissioningErrorCode.ZoneFull, answer.ErrorCode);
        Assert.Contains("at most 5 zones", answer.Text, StringComparison.Ordinal);
        Assert.Equal(ZoneStore.MaxZones, _zones.Count);
    }

    [Fact]
    public void A_certificate_from_another_ca_or_for_another_key_is_refused_and_nothing_is_stored()
    {
        var c = new Controller(this);
        c.Pase(Code);
        CommissioningMessage csr = c.Send(CommissioningMessage.CsrRequest(new byte[32]));
        using var other = new TestZoneCa("other");
        byte[] signedByOther = other.Sign(csr.Data!, _clock.UtcNow);
        CommissioningMessage answer = c.Send(CommissioningMessage.CertInstall(signedByOther, _ca.Certificate.RawData, 3, 3));
        Assert.Equal(CommissioningErrorCode.CertInstallFailed, answer.ErrorCode);
        Assert.Contains("not signed by the given Zone CA", answer.Text, StringComparison.Ordinal);
        Assert.Empty(_zones.Zones);

        _manager.ChannelClosed(c.Connection, CloseReason.ClosedByPeer);
        var c3 = new Controller(this);
        c3.Pase(Code);
        c3.Send(CommissioningMessage.CsrRequest(new byte[32]));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        byte[] foreignCsr = Mash.Protocol.Certificates.DeviceCsr.Create(key, "x", 1, 1);
        CommissioningMessage wrongKey = c3.Send(CommissioningMessage.CertInstall(_ca.Sign(foreignCsr, _clock.UtcNow), _ca.Certificate.RawData, 3, 3));
        Assert.Contains("key of this device's CSR", wrongKey.Text, StringComparison.Ordinal);
        Assert.Empty(_zones.Zones);
    }

    [Fact]
    public void Requests_before_pase_are_refused()
    {
        var c = new Controller(this);
        _manager.Receive(c.Connection, Convert.FromHexString("a40101020103000400"));
        Assert.Equal(CommissioningMessageType.Error, c.Last.Type);
        Assert.Empty(_interaction.Messages);
    }

    [Fact]
    public void A_handshake_that_finishes_after_its_zone_was_removed_is_closed_with_a_message()
    {
        // The TLS layer trusted the certificate, but the zone was removed before the connection opened.
        using X509Certificate2 client = ControllerCertificate();
        var channel = new FakeChannel();

        DeviceConnection connection = _manager.Open(channel, new PeerCredentials(client.RawData, client.Subject, "TLS_AES_128_GCM_SHA256"))!;

        Assert.False(channel.Aborted);
        Assert.Equal([ControlMessageType.Close], ControlTypes(channel));
        _manager.Receive(connection, Convert.FromHexString("a40101020103000400"));
        Assert.Empty(_interaction.Messages);
    }

    [Fact]
    public void An_older_connection_whose_handshake_finishes_last_does_not_replace_the_newer_one()
    {
        var c = new Controller(this);
        c.Pase(Code);
        Assert.Equal(CommissioningErrorCode.Success, c.InstallZone(ZoneType.HomeManager, _ca).ErrorCode);
        string zoneId = Assert.Single(_zones.Zones).ZoneId;
        using X509Certificate2 client = ControllerCertificate();
        var older = new FakeChannel();
        var newer = new FakeChannel();

        // Accepted as 1 then 2, but the second handshake completes first.
        DeviceConnection live = _manager.Open(newer, new PeerCredentials(client.RawData, client.Subject, "TLS_AES_128_GCM_SHA256", acceptOrder: 2))!;
        _manager.Open(older, new PeerCredentials(client.RawData, client.Subject, "TLS_AES_128_GCM_SHA256", acceptOrder: 1));

        Assert.Equal([ControlMessageType.Close], ControlTypes(older));
        Assert.Empty(ControlTypes(newer));
        Assert.Equal([ControlMessageType.Close], ControlTypes(c.Channel)); // the commissioning connection was replaced
        _manager.Receive(live, Convert.FromHexString("a40101020103000400"));
        Assert.Equal(MessageKind.Request, _interaction.Messages[^1].Kind);
        Assert.Equal(zoneId, ((SessionContext)live.Session!).ZoneId);
    }

    private X509Certificate2 ControllerCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=controller", key, HashAlgorithmName.SHA256);
        return X509CertificateLoader.LoadCertificate(_ca.Sign(request.CreateSigningRequest(), _clock.UtcNow));
    }

    private static ControlMessageType[] ControlTypes(FakeChannel channel) =>
        [.. channel.Sent.Where(f => MessageClassifier.Classify(f) == MessageKind.Control).Select(f => ControlCodec.TryDecode(f, out ControlMessage m) ? m.Type : throw new InvalidOperationException("bad control frame"))];
}
