using System;
using System.Globalization;
using System.IO;
using System.Threading.Tasks;
using Mash.Controller.Commissioning;
using Mash.Controller.Operational;
using Mash.Controller.State;
using Mash.Controller.Transport;
using Mash.Device.Host.Tests;
using Mash.Device.Host.Tests.EndToEnd;
using Mash.Protocol.Commissioning;
using Mash.Protocol.Onboarding;
using Mash.Protocol.Wire;
using Mash.Protocol.Zones;

namespace Mash.Integration.Tests;

/// <summary>A fresh mash-load process paired by our controller from the QR payload it printed.</summary>
public sealed class CommissioningEndToEndTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly int _port = FreePort.Next();
    private MashLoadProcess _device;

    public CommissioningEndToEndTests()
    {
        _device = StartDevice();
    }

    public void Dispose()
    {
        _device.Dispose();
        _dir.Dispose();
    }

    private MashLoadProcess StartDevice()
    {
        MashLoadProcess device = MashLoadProcess.Start(_dir.Path, "--port", _port.ToString(CultureInfo.InvariantCulture));
        device.WaitForStderr(l => l.Contains("running", StringComparison.Ordinal));
        return device;
    }

    private void Restart()
    {
        _device.Signal();
        _device.WaitForExit();
        _device.Dispose();
        _device = StartDevice();
    }

    private OnboardingCode PrintedCode() => OnboardingCode.Parse(_device.WaitForStdout(l => l.StartsWith("MASH:", StringComparison.Ordinal)));

    private ControllerState NewController(string name) => ControllerState.Open(Path.Combine(_dir.Path, name));

    [Fact]
    public async Task Commissioned_from_the_printed_qr_then_mutual_tls_works_and_a_foreign_zone_ca_is_refused()
    {
        using ControllerState state = NewController("controller-a");
        var commissioner = new Commissioner(state);
        await using (CommissioningResult result = await commissioner.CommissionAsync(PrintedCode(), "::1", _port, ZoneType.HomeManager, null, default))
        {
            Assert.Matches("^[0-9a-f]{16}$", result.Device.ZoneId);
            Assert.Equal(result.Device.DeviceId, _device.WaitForStdout(l => l.StartsWith("device-id: ", StringComparison.Ordinal))["device-id: ".Length..]);
        }

        _device.WaitForStderr(l => l.Contains("commissioning window closed (commissioned)", StringComparison.Ordinal));
        DeviceRecord record = Assert.Single(state.Devices);

        await using (MashConnection operational = await OperationalClient.ConnectAsync(state, record))
        {
            Assert.True(operational.IsOpen);
            _device.WaitForStderr(l => l.Contains($"operational for zone {record.ZoneId} (HomeManager)", StringComparison.Ordinal));
        }

        // A controller of another zone (its own Zone CA, never commissioned here) is refused at the handshake.
        using ControllerState stranger = NewController("controller-b");
        stranger.EnsureZone(ZoneType.GridOperator, DateTimeOffset.UtcNow);
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using MashConnection refused = await OperationalClient.ConnectAsync(stranger, record);
            await refused.RequestAsync(Operation.Read, 0, 1, timeout: TimeSpan.FromSeconds(5));
        });
        _device.WaitForStderr(l => l.Contains("does not chain to a zone CA of this device", StringComparison.Ordinal));

        // The zone survives a restart.
        Restart();
        Assert.Equal("zones: 1 of 5", _device.WaitForStdout(l => l.StartsWith("zones: ", StringComparison.Ordinal)));
        await using MashConnection again = await OperationalClient.ConnectAsync(state, record);
        Assert.True(again.IsOpen);
    }

    [Fact]
    public async Task A_wrong_setup_code_fails_stores_nothing_backs_off_and_the_right_code_works_after_the_wait()
    {
        OnboardingCode printed = PrintedCode();
        var wrong = new OnboardingCode(printed.Discriminator, new SetupCode((printed.SetupCode.Value + 1) % 100_000_000));
        using ControllerState state = NewController("controller");
        var commissioner = new Commissioner(state);

        CommissioningException failed = await Assert.ThrowsAsync<CommissioningException>(() =>
            commissioner.CommissionAsync(wrong, "::1", _port, ZoneType.HomeManager, null, default));
        Assert.Equal(CommissioningErrorCode.ConfirmationFailed, failed.ErrorCode);
        _device.WaitForStderr(l => l.Contains("failure 1 of 10, next attempt in 1 s", StringComparison.Ordinal));
        Assert.Empty(state.Devices);

        // At once: the device says to wait (unless the second already passed).
        try
        {
            await commissioner.CommissionAsync(printed, "::1", _port, ZoneType.HomeManager, null, default);
        }
        catch (CommissioningException busy) when (busy.ErrorCode == CommissioningErrorCode.WindowClosed)
        {
            Assert.Contains("try again in", busy.DeviceText, StringComparison.Ordinal);
            await Task.Delay(TimeSpan.FromSeconds(1.1)); // the back-off itself is what is tested
            await using CommissioningResult ok = await commissioner.CommissionAsync(printed, "::1", _port, ZoneType.HomeManager, null, default);
        }

        Assert.Single(state.Devices);
    }

    [Fact]
    public async Task Mashctl_commission_shows_each_step_and_devices_lists_the_result()
    {
        string payload = PrintedCode().ToQrPayload().ToString();
        string stateDir = Path.Combine(_dir.Path, "mashctl-state");
        (int code, string stdout, string stderr) = await Mashctl.RunAsync("--state", stateDir, "commission", payload, "--address", $"[::1]:{_port}", "--zone-type", "grid-operator");
        Assert.True(code == 0, stderr);
        Assert.Contains("PASE", stderr, StringComparison.Ordinal);
        Assert.Contains("certificate", stderr, StringComparison.Ordinal);
        Assert.Contains("done", stderr, StringComparison.Ordinal);

        (int listed, string devices, _) = await Mashctl.RunAsync("--state", stateDir, "devices", "--json");
        Assert.Equal(0, listed);
        Assert.Contains("\"grid-operator\"", devices, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CommissioningStep.Pase, 0)]
    [InlineData(CommissioningStep.Csr, 0)]
    [InlineData(CommissioningStep.Certificate, 0)]
    [InlineData(CommissioningStep.Done, 1)]
    public async Task A_power_cut_at_any_step_leaves_no_zone_or_a_whole_zone_and_the_device_still_pairs(CommissioningStep killAt, int zonesAfter)
    {
        OnboardingCode code = PrintedCode();
        using ControllerState state = NewController("controller");
        var commissioner = new Commissioner(state) { PhaseTimeout = TimeSpan.FromSeconds(5) };
        var cut = new KillAtStep(killAt, _device);
        try
        {
            await using CommissioningResult result = await commissioner.CommissionAsync(code, "::1", _port, ZoneType.HomeManager, cut, default);
        }
        catch (Exception ex) when (ex is CommissioningException or MashConnectionException or IOException or OperationCanceledException)
        {
            // the device died under us, as intended
        }

        Assert.True(cut.Killed);
        _device.WaitForExit();
        _device.Dispose();
        _device = StartDevice();
        Assert.Equal($"zones: {zonesAfter} of 5", _device.WaitForStdout(l => l.StartsWith("zones: ", StringComparison.Ordinal)));
        _device.WaitForStderr(l => l.Contains("reset reason: unclean", StringComparison.Ordinal));

        // The device still pairs (a new controller; the window is open while uncommissioned, else reopen it).
        if (zonesAfter > 0)
        {
            _device.Signal(10);
            _device.WaitForStderr(l => l.Contains("(button)", StringComparison.Ordinal));
        }

        using ControllerState next = NewController("controller-next");
        await using CommissioningResult ok = await new Commissioner(next).CommissionAsync(code, "::1", _port, ZoneType.UserApp, null, default);
        Assert.Single(next.Devices);
    }

    [Fact]
    public async Task Renewal_replaces_the_certificate_without_dropping_the_session_and_a_cut_off_renewal_keeps_the_old_one()
    {
        using ControllerState state = NewController("controller");
        await using (CommissioningResult _ = await new Commissioner(state).CommissionAsync(PrintedCode(), "::1", _port, ZoneType.HomeManager, null, default))
        {
        }

        DeviceRecord original = Assert.Single(state.Devices);

        // Cut off halfway: CSR requested, then the controller goes away. The old certificate stays.
        await using (MashConnection halfway = await OperationalClient.ConnectAsync(state, original))
        {
            await halfway.SendFrameAsync(RenewalMessage.NewRequest(new byte[32]).Encode());
            Assert.Equal(RenewalMessage.Csr, RenewalMessage.Decode((await halfway.ReceiveFrameAsync()).ToArray()).Type);
        }

        DeviceRecord renewed;
        await using (MashConnection session = await OperationalClient.ConnectAsync(state, original))
        {
            renewed = await CertificateRenewal.RenewAsync(session, state, original, sequence: 2);
            Assert.NotEqual(original.OperationalCertificate, renewed.OperationalCertificate);
            // The same session still answers requests.
            Response still = await session.RequestAsync(Operation.Read, 0, 1, timeout: TimeSpan.FromSeconds(10));
            Assert.Equal(1u, still.MessageId);
        }

        _device.WaitForStderr(l => l.Contains("operational certificate renewed (sequence 2)", StringComparison.Ordinal));

        // From the next handshake on the device presents the new certificate, also after a restart.
        Restart();
        await using MashConnection after = await OperationalClient.ConnectAsync(state, renewed);
        Assert.Equal(renewed.OperationalCertificate, after.PeerCertificate.RawData);
    }

    [Fact]
    public async Task A_new_connection_of_the_same_zone_replaces_the_old_one()
    {
        using ControllerState state = NewController("controller");
        await using (CommissioningResult _ = await new Commissioner(state).CommissionAsync(PrintedCode(), "::1", _port, ZoneType.HomeManager, null, default))
        {
        }

        DeviceRecord record = Assert.Single(state.Devices);
        await using MashConnection first = await OperationalClient.ConnectAsync(state, record);
        await using MashConnection second = await OperationalClient.ConnectAsync(state, record);
        ConnectionClosedInfo closed = await first.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(ConnectionEndKind.ClosedByPeer, closed.Kind);
        Assert.True(second.IsOpen);
    }

    /// <summary>Kills the device (SIGKILL, a power cut) the moment the controller starts a given step.</summary>
    private sealed class KillAtStep(CommissioningStep step, MashLoadProcess device) : IProgress<CommissioningStep>
    {
        public bool Killed { get; private set; }

        public void Report(CommissioningStep value)
        {
            if (value == step && !Killed)
            {
                Killed = true;
                device.Signal(9);
                device.WaitForExit();
            }
        }
    }
}
