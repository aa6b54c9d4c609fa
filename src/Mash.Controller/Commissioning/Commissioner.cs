using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Mash.Controller.State;
using Mash.Controller.Transport;
using Mash.Protocol.Certificates;
using Mash.Protocol.Commissioning;
using Mash.Protocol.DotNet.Crypto;
using Mash.Protocol.Identity;
using Mash.Protocol.Onboarding;
using Mash.Protocol.Pase;
using Mash.Protocol.Wire;
using Mash.Protocol.Zones;

namespace Mash.Controller.Commissioning;

/// <summary>
/// Pairs a device with this controller's zone: TLS without client certificate, SPAKE2+ with the
/// setup code, then the spec's CSR and certificate installation, signed by the zone's CA. The
/// reference controller stops after PASE; we continue so the device stores a real zone.
/// </summary>
public sealed class Commissioner
{
    /// <summary>Identity the reference controller sends in PaseRequest (devices ignore it).</summary>
    public const string ControllerIdentity = "mash-controller";

    public const int CsrNonceLength = 32;

    private readonly ControllerState _state;
    private readonly TimeProvider _time;

    public Commissioner(ControllerState state, TimeProvider? timeProvider = null)
    {
        _state = state ?? throw new ArgumentNullException(nameof(state));
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Limit for each phase (connect, PASE, certificate), as the spec's PASE and certificate timeouts.</summary>
    public TimeSpan PhaseTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Limit for the device's answer to the CSR request: the spec's CSR timeout (10 s). Kept apart
    /// from <see cref="PhaseTimeout"/> because a device that completed PASE and then stays silent
    /// (the mash-go reference skips certificate installation) should be named quickly.
    /// </summary>
    public TimeSpan CsrTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Receives diagnostic lines from the connection.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>
    /// Commissions the device at <paramref name="host"/>:<paramref name="port"/> into this
    /// controller's zone (created on first use as <paramref name="zoneType"/>), saves the device
    /// record and returns it with the open connection.
    /// </summary>
    /// <exception cref="ControllerStateException">The state holds a zone of another type, or cannot be written (then the device gets no certificate).</exception>
    /// <exception cref="CommissioningException">The device could not be reached, refused, or answered wrongly or too late.</exception>
    public async Task<CommissioningResult> CommissionAsync(
        OnboardingCode code,
        string host,
        int port,
        ZoneType zoneType,
        IProgress<CommissioningStep>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentException.ThrowIfNullOrWhiteSpace(host);

        // Refuse a zone-type mismatch before touching the device; create the zone only once a
        // device proved it knows the setup code, so failed attempts leave no state behind.
        _state.CheckZoneType(zoneType);
        var address = new DeviceAddress(host, port);

        progress?.Report(CommissioningStep.Connect);
        MashConnection connection = await ConnectAsync(address, cancellationToken).ConfigureAwait(false);
        try
        {
            string deviceId = MashIds.DeviceIdFromSpki(connection.PeerCertificate.PublicKey.ExportSubjectPublicKeyInfo());

            progress?.Report(CommissioningStep.Pase);
            string zoneId = await RunPaseAsync(connection, code.SetupCode, cancellationToken).ConfigureAwait(false);

            progress?.Report(CommissioningStep.Csr);
            ZoneCertificateAuthority zone = _state.EnsureZone(zoneType, _time.GetUtcNow());
            using X509Certificate2 operational = await RequestCertificateAsync(connection, zone, cancellationToken).ConfigureAwait(false);

            progress?.Report(CommissioningStep.Certificate);
            DateTimeOffset installedAt = await InstallCertificateAsync(connection, zone, operational, cancellationToken).ConfigureAwait(false);
            var record = new DeviceRecord
            {
                DeviceId = deviceId,
                ZoneId = zoneId,
                Address = address.ToString(),
                ZoneType = zone.ZoneType,
                CommissionedAt = installedAt,
                LastSeen = installedAt,
                OperationalCertificate = operational.RawData,
            };

            // Saved before the final exchange: the device already stored the zone when it
            // acknowledged the certificate, so losing the record now would orphan that zone.
            _state.SaveDevice(record);
            await FinishAsync(connection, cancellationToken).ConfigureAwait(false);
            connection.EnterRequestMode();
            progress?.Report(CommissioningStep.Done);
            return new CommissioningResult(record, connection);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static string Name(CommissioningStep step) => step switch
    {
        CommissioningStep.Connect => "connecting",
        CommissioningStep.Pase => "PASE",
        CommissioningStep.Csr => "CSR",
        CommissioningStep.Certificate => "certificate installation",
        _ => step.ToString(),
    };

    private static string Describe(CommissioningErrorCode code) => code switch
    {
        CommissioningErrorCode.InvalidPublicKey => "the device rejected our public key",
        CommissioningErrorCode.ConfirmationFailed => "confirmation failed (wrong setup code?)",
        CommissioningErrorCode.CsrFailed => "the device could not create a CSR",
        CommissioningErrorCode.CertInstallFailed => "the device rejected the certificate",
        CommissioningErrorCode.ZoneFull => "every zone slot on the device is taken",
        CommissioningErrorCode.Busy => "the device is busy commissioning with another controller",
        CommissioningErrorCode.WindowClosed => "the device's commissioning window is closed",
        CommissioningErrorCode.Timeout => "the device gave up waiting",
        CommissioningErrorCode.Internal => "internal error on the device",
        _ => "error code " + ((byte)code).ToString(CultureInfo.InvariantCulture),
    };

    private static CommissioningException Failed(CommissioningStep step, CommissioningErrorCode code) =>
        new(step, code, $"{Name(step)} failed: {Describe(code)}");

    private async Task<MashConnection> ConnectAsync(DeviceAddress address, CancellationToken cancellationToken)
    {
        var options = new MashConnectionOptions(address.Host, address.Port)
        {
            ServerCertificateValidator = ServerCertificateValidators.AcceptAny,
            InitialMode = MashConnectionMode.Raw,
            ConnectTimeout = PhaseTimeout,
            TimeProvider = _time,
            Log = Log,
        };
        try
        {
            return await MashConnection.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is MashConnectionException or TimeoutException)
        {
            throw new CommissioningException(CommissioningStep.Connect, null, $"connecting to {address} failed: {ex.Message}", innerException: ex);
        }
    }

    private async Task<string> RunPaseAsync(MashConnection connection, SetupCode setupCode, CancellationToken cancellationToken)
    {
        const CommissioningStep step = CommissioningStep.Pase;
        using var phase = new Phase(this, step, PhaseTimeout, cancellationToken);
        using var prover = new Spake2PlusProver(SystemCryptoPal.Instance, OpenSslP256Group.Instance, setupCode);
        CommissioningMessage response = await phase.ExchangeAsync(
            connection, CommissioningMessage.PaseRequest(prover.Start(), ControllerIdentity), CommissioningMessageType.PaseResponse).ConfigureAwait(false);

        byte[] cA;
        try
        {
            cA = prover.Finish(response.Data);
        }
        catch (PaseException ex)
        {
            await TellDeviceAsync(connection, CommissioningErrorCode.InvalidPublicKey, "invalid public key").ConfigureAwait(false);
            throw new CommissioningException(step, CommissioningErrorCode.InvalidPublicKey, "PASE failed: the device sent an invalid public key (" + ex.Message + ")", innerException: ex);
        }

        CommissioningMessage complete = await phase.ExchangeAsync(
            connection, CommissioningMessage.PaseConfirm(cA), CommissioningMessageType.PaseComplete).ConfigureAwait(false);
        if (complete.ErrorCode != CommissioningErrorCode.Success)
        {
            throw Failed(step, complete.ErrorCode);
        }

        if (!prover.VerifyServerConfirmation(complete.Data))
        {
            throw new CommissioningException(
                step, CommissioningErrorCode.ConfirmationFailed, "PASE failed: the device's confirmation did not verify (wrong setup code, or another device?)");
        }

        byte[] secret = prover.SharedSecret;
        try
        {
            return MashIds.ZoneIdFromSharedSecret(secret);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    private async Task<X509Certificate2> RequestCertificateAsync(MashConnection connection, ZoneCertificateAuthority zone, CancellationToken cancellationToken)
    {
        const CommissioningStep step = CommissioningStep.Csr;
        // The reference device (mash-go) stops after PASE: name that instead of a bare timeout.
        string silence = string.Format(
            CultureInfo.InvariantCulture,
            "the device completed PASE but did not answer the CSR request within {0} s; it may be a prototype that skips certificate installation "
            + "(the mash-go reference device does), and then it gives this controller no zone to connect to; use a device that installs a zone certificate",
            CsrTimeout.TotalSeconds);
        using var phase = new Phase(this, step, CsrTimeout, cancellationToken, silence);
        CommissioningMessage response = await phase.ExchangeAsync(
            connection, CommissioningMessage.CsrRequest(RandomNumberGenerator.GetBytes(CsrNonceLength)), CommissioningMessageType.CsrResponse).ConfigureAwait(false);
        if (response.ErrorCode != CommissioningErrorCode.Success)
        {
            throw Failed(step, response.ErrorCode);
        }

        try
        {
            return zone.IssueOperationalCertificate(response.Data!, _time.GetUtcNow());
        }
        catch (CertificateRequestException ex)
        {
            await TellDeviceAsync(connection, CommissioningErrorCode.CsrFailed, "CSR refused: " + ex.Message).ConfigureAwait(false);
            throw new CommissioningException(step, CommissioningErrorCode.CsrFailed, "CSR failed: the device's CSR was refused: " + ex.Message, innerException: ex);
        }
    }

    private async Task<DateTimeOffset> InstallCertificateAsync(
        MashConnection connection, ZoneCertificateAuthority zone, X509Certificate2 operational, CancellationToken cancellationToken)
    {
        const CommissioningStep step = CommissioningStep.Certificate;
        using var phase = new Phase(this, step, PhaseTimeout, cancellationToken);
        CommissioningMessage install = CommissioningMessage.CertInstall(
            operational.RawData, zone.Certificate.RawData, (byte)zone.ZoneType, zone.ZoneType.Priority());
        CommissioningMessage response = await phase.ExchangeAsync(connection, install, CommissioningMessageType.CertInstallResponse).ConfigureAwait(false);
        if (response.ErrorCode != CommissioningErrorCode.Success)
        {
            throw Failed(step, response.ErrorCode);
        }

        return _time.GetUtcNow();
    }

    private async Task FinishAsync(MashConnection connection, CancellationToken cancellationToken)
    {
        using var phase = new Phase(this, CommissioningStep.Certificate, PhaseTimeout, cancellationToken);
        await phase.ExchangeAsync(connection, CommissioningMessage.Complete(), CommissioningMessageType.CommissioningComplete).ConfigureAwait(false);
    }

    /// <summary>Best effort: lets the device return to its commissionable state at once instead of at its timeout.</summary>
    private static async Task TellDeviceAsync(MashConnection connection, CommissioningErrorCode code, string text)
    {
        try
        {
            using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await connection.SendFrameAsync(CommissioningMessage.Error(code, text).Encode(), guard.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is MashConnectionException or OperationCanceledException)
        {
            // The connection is being abandoned anyway.
        }
    }

    /// <summary>One phase's timer, and the send-then-receive step it times.</summary>
    private sealed class Phase : IDisposable
    {
        private readonly CommissioningStep _step;
        private readonly TimeSpan _limit;
        private readonly CancellationToken _caller;
        private readonly CancellationTokenSource _timer;
        private readonly CancellationTokenSource _linked;
        private readonly string? _silence;

        /// <param name="silence">What a timeout means in this phase, instead of the generic "no answer".</param>
        public Phase(Commissioner owner, CommissioningStep step, TimeSpan limit, CancellationToken caller, string? silence = null)
        {
            _silence = silence;
            _step = step;
            _limit = limit;
            _caller = caller;
            _timer = new CancellationTokenSource(limit, owner._time);
            _linked = CancellationTokenSource.CreateLinkedTokenSource(caller, _timer.Token);
        }

        /// <summary>
        /// Sends <paramref name="message"/> and reads the answer, which must be of type
        /// <paramref name="expected"/>; a device Error message becomes a <see cref="CommissioningException"/>
        /// carrying its code and text.
        /// </summary>
        public async Task<CommissioningMessage> ExchangeAsync(MashConnection connection, CommissioningMessage message, CommissioningMessageType expected)
        {
            ReadOnlyMemory<byte> frame;
            try
            {
                try
                {
                    await connection.SendFrameAsync(message.Encode(), _linked.Token).ConfigureAwait(false);
                }
                catch (MashConnectionException)
                {
                    // The device may have refused us at once (window closed, busy) and hung up
                    // before our message went out: its Error is still queued, read it below.
                }

                frame = await connection.ReceiveFrameAsync(_linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_timer.IsCancellationRequested && !_caller.IsCancellationRequested)
            {
                throw new CommissioningException(
                    _step,
                    CommissioningErrorCode.Timeout,
                    _silence ?? string.Format(CultureInfo.InvariantCulture, "{0} failed: no answer from the device within {1} s", Name(_step), _limit.TotalSeconds));
            }
            catch (MashConnectionException ex)
            {
                throw new CommissioningException(_step, null, $"{Name(_step)} failed: the device closed the connection ({ex.Message})", innerException: ex);
            }

            CommissioningMessage answer;
            try
            {
                answer = CommissioningMessage.Decode(frame.ToArray());
            }
            catch (WireFormatException ex)
            {
                throw new CommissioningException(_step, null, $"{Name(_step)} failed: the device sent a malformed message ({ex.Message})", innerException: ex);
            }

            if (answer.Type == CommissioningMessageType.Error)
            {
                string text = string.IsNullOrWhiteSpace(answer.Text) ? Describe(answer.ErrorCode) : answer.Text;
                throw new CommissioningException(_step, answer.ErrorCode, $"{Name(_step)} failed: {text}", answer.Text);
            }

            if (answer.Type != expected)
            {
                throw new CommissioningException(_step, null, $"{Name(_step)} failed: the device sent {answer.Type} where {expected} was expected");
            }

            return answer;
        }

        public void Dispose()
        {
            _linked.Dispose();
            _timer.Dispose();
        }
    }
}
