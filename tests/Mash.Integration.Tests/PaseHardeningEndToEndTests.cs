using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading.Tasks;
using Mash.Controller.Commissioning;
using Mash.Controller.State;
using Mash.Controller.Transport;
using Mash.Device.Host.Tests;
using Mash.Device.Host.Tests.EndToEnd;
using Mash.Protocol.Commissioning;
using Mash.Protocol.DotNet.Crypto;
using Mash.Protocol.Onboarding;
using Mash.Protocol.Pase;
using Mash.Protocol.Wire;
using Mash.Protocol.Zones;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Math;
using Xunit.Abstractions;
using ECPoint = Org.BouncyCastle.Math.EC.ECPoint;

namespace Mash.Integration.Tests;

/// <summary>
/// Issue 13 items 1, 3 and 4 against a real mash-load: no setup-code oracle and a back-off for
/// every unverified PASE attempt, nothing left of PASE-only sessions, and commissioning deadlines.
/// </summary>
public sealed class PaseHardeningEndToEndTests : IDisposable
{
    private const string Code = "20252026";
    private readonly TempDirectory _dir = new();
    private readonly int _port = FreePort.Next();
    private readonly ITestOutputHelper _output;
    private MashLoadProcess? _device;

    public PaseHardeningEndToEndTests(ITestOutputHelper output)
    {
        _output = output;
    }

    public void Dispose()
    {
        _device?.Dispose();
        _dir.Dispose();
    }

    private MashLoadProcess Device => _device ?? throw new InvalidOperationException("start the device first");

    [Fact]
    public async Task A_fast_w0_times_M_guesser_gets_a_handful_of_indistinguishable_guesses_and_is_logged()
    {
        Start();
        TimeSpan budget = TimeSpan.FromSeconds(double.Parse(Environment.GetEnvironmentVariable("MASH_PASE_ATTACK_SECONDS") ?? "20", CultureInfo.InvariantCulture));
        var clock = Stopwatch.StartNew();
        int connections = 0;
        int guesses = 0;
        bool rightGuessAnsweredNormally = false;
        int wrong = 11_112_222;
        while (clock.Elapsed < budget && connections < 20_000)
        {
            connections++;

            // The second guess that gets through is the device's code.
            SetupCode guess = guesses == 1 ? SetupCode.Parse(Code) : new SetupCode(wrong++);
            await using MashConnection c = await MashConnection.ConnectAsync(MashConnectionOptions.ForCommissioning("::1", _port));
            try
            {
                await c.SendFrameAsync(CommissioningMessage.PaseRequest(W0TimesM(guess), Spake2Plus.ProverIdentity).Encode());
            }
            catch (MashConnectionException)
            {
                // refused at once: the refusal frame is still there to read
            }

            CommissioningMessage first = CommissioningMessage.Decode((await c.ReceiveFrameAsync()).ToArray());
            if (first.Type == CommissioningMessageType.Error && first.ErrorCode is CommissioningErrorCode.WindowClosed or CommissioningErrorCode.Busy)
            {
                continue; // refused before any PASE work: back-off, closed window, or the last one still closing
            }

            Assert.Equal(CommissioningMessageType.PaseResponse, first.Type);
            await c.SendFrameAsync(CommissioningMessage.PaseConfirm(new byte[32]).Encode());
            CommissioningMessage complete = CommissioningMessage.Decode((await c.ReceiveFrameAsync()).ToArray());
            Assert.Equal(CommissioningErrorCode.ConfirmationFailed, complete.ErrorCode);
            if (guesses == 1)
            {
                rightGuessAnsweredNormally = true;
            }

            guesses++;
        }

        _output.WriteLine($"{guesses} guesses tested in {clock.Elapsed.TotalSeconds:F1} s over {connections} connections");
        Assert.True(rightGuessAnsweredNormally, "the right guess was never tested");

        // Back-off 1, 2, 4, 8, 16 s: at most 5 guesses in 20 s (before: one per connection, unlimited).
        // A guess at 0, 1, 3, 7, 15, ... s: 1 + floor(log2(t + 1)) guesses by time t.
        int bound = 1 + (int)Math.Floor(Math.Log2(budget.TotalSeconds + 1));
        Assert.InRange(guesses, 2, bound);
        Device.WaitForStderr(l => l.Contains("identity element (a crafted share)", StringComparison.Ordinal));
        Device.WaitForStderr(l => l.Contains($"failure {guesses} of 10", StringComparison.Ordinal) || l.Contains("window closed until", StringComparison.Ordinal));
    }

    [Fact]
    public async Task By_default_pase_only_sessions_are_refused_and_leave_no_slot_so_a_real_zone_still_sets_limits()
    {
        Start();
        for (int i = 0; i < 6; i++)
        {
            await using MashConnection session = await PaseAsync();
            await session.SendFrameAsync(ReadDeviceInfo(1));
            CommissioningMessage refused = CommissioningMessage.Decode((await session.ReceiveFrameAsync()).ToArray());
            Assert.Equal(CommissioningMessageType.Error, refused.Type);
            Assert.Contains("only a CSR request", refused.Text, StringComparison.Ordinal);
            Assert.Equal(ConnectionEndKind.ClosedByPeer, (await session.Closed.WaitAsync(TimeSpan.FromSeconds(10))).Kind);
        }

        IReadOnlyList<string> log = await CommissionAndSetLimitAsync();
        Assert.DoesNotContain(log, l => l.Contains("no controller connected", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_pase_only_sessions_the_reference_flow_works_and_six_such_sessions_leave_nothing_behind()
    {
        Start("--pase-only-sessions");
        for (int i = 0; i < 6; i++)
        {
            await using MashConnection session = await PaseAsync();
            session.EnterRequestMode();
            Response read = await session.RequestAsync(Operation.Read, 0, 1, timeout: TimeSpan.FromSeconds(10));
            Assert.Equal(StatusCode.Success, read.Status);
            Response set = await session.RequestAsync(Operation.Invoke, 1, 5, SetLimit(3_000_000), TimeSpan.FromSeconds(10));
            Assert.Equal(StatusCode.Success, set.Status);
            await session.CloseAsync();
            int ended = 0;
            Device.WaitForStderr(l => l.Contains("nothing of it is kept", StringComparison.Ordinal) && ++ended > i);
        }

        IReadOnlyList<string> log = await CommissionAndSetLimitAsync();
        Assert.DoesNotContain(log, l => l.Contains("no controller connected", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_session_that_stalls_after_pase_is_dropped_at_the_csr_deadline_and_the_next_installer_gets_through()
    {
        Start();
        await using MashConnection stalled = await PaseAsync();
        var clock = Stopwatch.StartNew();

        CommissioningMessage timeout = CommissioningMessage.Decode((await stalled.ReceiveFrameAsync().WaitAsync(TimeSpan.FromSeconds(30))).ToArray());
        ConnectionClosedInfo closed = await stalled.Closed.WaitAsync(TimeSpan.FromSeconds(30));
        _output.WriteLine($"stalled session dropped {clock.Elapsed.TotalSeconds:F2} s after PASE completed ({closed.Kind})");
        Assert.Equal(CommissioningErrorCode.Timeout, timeout.ErrorCode);
        Assert.Contains("no CSR request within 10 s", timeout.Text, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(9), TimeSpan.FromSeconds(30));

        await CommissionAndSetLimitAsync();
    }

    [Fact]
    public async Task With_pase_only_sessions_the_commissioning_slot_is_free_again_at_the_csr_deadline()
    {
        Start("--pase-only-sessions");
        await using MashConnection temporary = await PaseAsync();
        temporary.EnterRequestMode();
        var clock = Stopwatch.StartNew();
        Device.WaitForStderr(l => l.Contains("the commissioning slot is free again", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        _output.WriteLine($"commissioning slot freed {clock.Elapsed.TotalSeconds:F2} s after PASE");

        await CommissionAndSetLimitAsync();
        Response read = await temporary.RequestAsync(Operation.Read, 0, 1, timeout: TimeSpan.FromSeconds(10));
        Assert.Equal(StatusCode.Success, read.Status);
    }

    private void Start(params string[] extra)
    {
        _device = MashLoadProcess.Start(_dir.Path, ["--port", _port.ToString(CultureInfo.InvariantCulture), "--setup-code", Code, "--health-interval", "0", .. extra]);
        _device.WaitForStderr(l => l.Contains("running", StringComparison.Ordinal));
    }

    /// <summary>PASE with the right code, as the reference controller does; the connection stays in raw mode.</summary>
    private async Task<MashConnection> PaseAsync()
    {
        MashConnection c = await MashConnection.ConnectAsync(MashConnectionOptions.ForCommissioning("::1", _port));
        using var prover = new Spake2PlusProver(SystemCryptoPal.Instance, OpenSslP256Group.Instance, SetupCode.Parse(Code));
        await c.SendFrameAsync(CommissioningMessage.PaseRequest(prover.Start(), Spake2Plus.ProverIdentity).Encode());
        CommissioningMessage response = CommissioningMessage.Decode((await c.ReceiveFrameAsync()).ToArray());
        Assert.Equal(CommissioningMessageType.PaseResponse, response.Type);
        await c.SendFrameAsync(CommissioningMessage.PaseConfirm(prover.Finish(response.Data)).Encode());
        CommissioningMessage complete = CommissioningMessage.Decode((await c.ReceiveFrameAsync()).ToArray());
        Assert.Equal(CommissioningErrorCode.Success, complete.ErrorCode);
        return c;
    }

    /// <summary>Our own controller pairs (PASE, CSR, certificate) and its setLimit is accepted.</summary>
    /// <summary>Commissions a zone, sets a limit, and returns the device's log as it stood while that zone was still connected (its disconnect rightly starts the failsafe timer).</summary>
    private async Task<IReadOnlyList<string>> CommissionAndSetLimitAsync()
    {
        using ControllerState state = ControllerState.Open(Path.Combine(_dir.Path, "controller-" + Guid.NewGuid().ToString("N")));
        var code = new OnboardingCode(OnboardingCode.Parse(Device.WaitForStdout(l => l.StartsWith("MASH:", StringComparison.Ordinal))).Discriminator, SetupCode.Parse(Code));
        await using CommissioningResult paired = await new Commissioner(state).CommissionAsync(code, "::1", _port, ZoneType.GridOperator, null, default);
        Response set = await paired.Connection.RequestAsync(Operation.Invoke, 1, 5, SetLimit(2_500_000), TimeSpan.FromSeconds(10));
        Assert.True(set.Status == StatusCode.Success, $"setLimit of a commissioned zone: {set.Status}");
        return Device.Stderr;
    }

    private static CborValue SetLimit(long milliwatts) =>
        CborValue.FromMap(new CborMap().Set(1, CborValue.FromUInt64(1)).Set(2, CborValue.FromMap(new CborMap()
            .Set("consumptionLimit", CborValue.FromInt64(milliwatts))
            .Set("cause", CborValue.FromUInt64(0)))));

    /// <summary>A read request {1 id, 2 read, 3 ep 0, 4 DeviceInfo}, as the reference controller sends after PASE.</summary>
    private static byte[] ReadDeviceInfo(byte id) => [0xa4, 0x01, id, 0x02, 0x01, 0x03, 0x00, 0x04, 0x01];

    /// <summary>pA = w0(guess)·M: unblinds to the identity exactly when the guess is the device's code.</summary>
    private static byte[] W0TimesM(SetupCode guess)
    {
        var p256 = NistNamedCurves.GetByName("P-256");
        ECPoint m = p256.Curve.DecodePoint(Convert.FromHexString("02886e2f97ace46e55ba9dd7242579f2993b64e16ef3dcab95afd497333d8fa12f"));
        var w0 = new BigInteger(1, Spake2PlusVerifier.Derive(SystemCryptoPal.Instance, OpenSslP256Group.Instance, guess).Encode().AsSpan(0, 32).ToArray());
        return m.Multiply(w0).Normalize().GetEncoded(false);
    }
}
