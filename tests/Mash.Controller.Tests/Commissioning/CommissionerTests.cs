using System;
using System.Collections.Generic;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using Mash.Controller.Commissioning;
using Mash.Controller.State;
using Mash.Controller.Tests.State;
using Mash.Controller.Tests.Transport;
using Mash.Controller.Transport;
using Mash.Protocol.Commissioning;
using Mash.Protocol.Onboarding;
using Mash.Protocol.Wire;
using Mash.Protocol.Zones;
using Microsoft.Extensions.Time.Testing;

namespace Mash.Controller.Tests.Commissioning;

public sealed class CommissionerTests : IDisposable
{
    private static readonly SetupCode DeviceCode = new(20202021);
    private static readonly OnboardingCode Payload = new(new Discriminator(1234), DeviceCode);

    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Commissioning_runs_every_step_installs_a_certificate_from_the_zone_CA_and_keeps_the_connection_for_requests()
    {
        await using var device = FakeDevice.Start(DeviceCode);
        using ControllerState state = ControllerState.Open(_folder.StatePath);
        var steps = new StepLog();

        await using CommissioningResult result = await new Commissioner(state, _time)
            .CommissionAsync(Payload, "127.0.0.1", device.Port, ZoneType.HomeManager, steps)
            .WaitAsync(TestTlsServer.Guard);

        Assert.Equal([CommissioningStep.Connect, CommissioningStep.Pase, CommissioningStep.Csr, CommissioningStep.Certificate, CommissioningStep.Done], steps.Steps);
        DeviceRecord record = result.Device;
        Assert.Equal(device.DeviceId, record.DeviceId);
        Assert.Equal(device.ZoneId, record.ZoneId);
        Assert.Equal("127.0.0.1:" + device.Port, record.Address);
        Assert.Equal(ZoneType.HomeManager, record.ZoneType);
        Assert.Equal(_time.GetUtcNow(), record.CommissionedAt);

        CommissioningMessage install = device.CertInstall!;
        Assert.Equal(state.Zone!.Certificate.RawData, install.Data2);
        Assert.Equal(record.OperationalCertificate, install.Data);
        Assert.Equal((byte)ZoneType.HomeManager, install.ZoneType);
        Assert.Equal(3, install.ZonePriority);

        Assert.Equal(MashConnectionMode.Requests, result.Connection.Mode);
        Response response = await result.Connection.RequestAsync(Operation.Read, 0, 1).WaitAsync(TestTlsServer.Guard);
        Assert.True(response.Payload.TryGetValue(1, out CborValue? name));
        Assert.Equal("fake device", name.AsText());
        await result.Connection.CloseAsync().WaitAsync(TestTlsServer.Guard);
        await device.Run.WaitAsync(TestTlsServer.Guard);

        using ControllerState reloaded = ControllerState.Open(_folder.StatePath);
        DeviceRecord saved = Assert.Single(reloaded.Devices);
        Assert.Equal(record.DeviceId, saved.DeviceId);
        Assert.Equal(record.ZoneId, saved.ZoneId);
        Assert.Equal(record.OperationalCertificate, saved.OperationalCertificate);
    }

    [Fact]
    public async Task A_wrong_setup_code_fails_PASE_with_confirmation_failed_and_stores_nothing()
    {
        await using var device = FakeDevice.Start(DeviceCode);
        using ControllerState state = ControllerState.Open(_folder.StatePath);
        var wrong = new OnboardingCode(new Discriminator(1234), new SetupCode(20202022));

        var error = await Assert.ThrowsAsync<CommissioningException>(
            () => new Commissioner(state, _time).CommissionAsync(wrong, "127.0.0.1", device.Port, ZoneType.HomeManager).WaitAsync(TestTlsServer.Guard));

        Assert.Equal(CommissioningStep.Pase, error.Step);
        Assert.Equal(CommissioningErrorCode.ConfirmationFailed, error.ErrorCode);
        Assert.Equal("PASE failed: confirmation failed (wrong setup code?)", error.Message);
        Assert.Empty(state.Devices);
        Assert.Null(state.Zone);
        Assert.False(System.IO.Directory.Exists(_folder.StatePath));
        await device.Run.WaitAsync(TestTlsServer.Guard);
        Assert.Null(device.CertInstall);
    }

    [Fact]
    public async Task A_device_error_message_is_surfaced_with_its_code_and_text()
    {
        await using var device = FakeDevice.Start(DeviceCode, FakeDeviceBehaviour.RefuseAtPase);
        using ControllerState state = ControllerState.Open(_folder.StatePath);

        var error = await Assert.ThrowsAsync<CommissioningException>(
            () => new Commissioner(state, _time).CommissionAsync(Payload, "127.0.0.1", device.Port, ZoneType.HomeManager).WaitAsync(TestTlsServer.Guard));

        Assert.Equal(CommissioningErrorCode.ZoneFull, error.ErrorCode);
        Assert.Equal("zone full: all 5 zone slots are in use", error.DeviceText);
        Assert.Equal("PASE failed: zone full: all 5 zone slots are in use", error.Message);
    }

    [Fact]
    public async Task A_device_that_stops_answering_fails_the_phase_after_30_seconds_and_the_connection_is_closed()
    {
        await using var device = FakeDevice.Start(DeviceCode, FakeDeviceBehaviour.SilentAfterPaseRequest);
        using ControllerState state = ControllerState.Open(_folder.StatePath);
        var steps = new StepLog();

        Task<CommissioningResult> commissioning = new Commissioner(state, _time)
            .CommissionAsync(Payload, "127.0.0.1", device.Port, ZoneType.HomeManager, steps);
        await device.PaseRequestRead.WaitAsync(TestTlsServer.Guard);

        _time.Advance(TimeSpan.FromSeconds(30));
        var error = await Assert.ThrowsAsync<CommissioningException>(() => commissioning.WaitAsync(TestTlsServer.Guard));

        Assert.Equal(CommissioningErrorCode.Timeout, error.ErrorCode);
        Assert.Equal("PASE failed: no answer from the device within 30 s", error.Message);
        await device.Run.WaitAsync(TestTlsServer.Guard);
        Assert.True(device.SawEndOfStream);
    }

    [Fact]
    public async Task A_device_that_completes_PASE_but_never_answers_the_CSR_is_named_after_the_10_second_CSR_timeout()
    {
        await using var device = FakeDevice.Start(DeviceCode, FakeDeviceBehaviour.SilentAfterPase);
        using ControllerState state = ControllerState.Open(_folder.StatePath);
        var steps = new StepLog();

        Task<CommissioningResult> commissioning = new Commissioner(state, _time)
            .CommissionAsync(Payload, "127.0.0.1", device.Port, ZoneType.HomeManager, steps);
        await device.CsrRequestRead.WaitAsync(TestTlsServer.Guard);

        // Still waiting just before the spec's CSR timeout, not the 30 s of the other phases.
        _time.Advance(TimeSpan.FromSeconds(9.9));
        Assert.False(commissioning.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(0.1));
        var error = await Assert.ThrowsAsync<CommissioningException>(() => commissioning.WaitAsync(TestTlsServer.Guard));

        Assert.Equal(CommissioningStep.Csr, error.Step);
        Assert.Equal(CommissioningErrorCode.Timeout, error.ErrorCode);
        Assert.StartsWith("the device completed PASE but did not answer the CSR request within 10 s; it may be a prototype that skips certificate installation", error.Message, StringComparison.Ordinal);
        Assert.Contains("mash-go reference", error.Message, StringComparison.Ordinal);
        await device.Run.WaitAsync(TestTlsServer.Guard);
        Assert.True(device.SawEndOfStream);
        Assert.Empty(state.Devices);
    }

    [Fact]
    public async Task The_CSR_timeout_is_configurable()
    {
        await using var device = FakeDevice.Start(DeviceCode, FakeDeviceBehaviour.SilentAfterPase);
        using ControllerState state = ControllerState.Open(_folder.StatePath);

        Task<CommissioningResult> commissioning = new Commissioner(state, _time) { CsrTimeout = TimeSpan.FromSeconds(2) }
            .CommissionAsync(Payload, "127.0.0.1", device.Port, ZoneType.HomeManager);
        await device.CsrRequestRead.WaitAsync(TestTlsServer.Guard);
        _time.Advance(TimeSpan.FromSeconds(2));
        var error = await Assert.ThrowsAsync<CommissioningException>(() => commissioning.WaitAsync(TestTlsServer.Guard));

        Assert.Contains("did not answer the CSR request within 2 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_CSR_whose_signature_does_not_verify_is_refused_and_no_certificate_is_sent()
    {
        await using var device = FakeDevice.Start(DeviceCode, FakeDeviceBehaviour.TamperedCsr);
        using ControllerState state = ControllerState.Open(_folder.StatePath);

        var error = await Assert.ThrowsAsync<CommissioningException>(
            () => new Commissioner(state, _time).CommissionAsync(Payload, "127.0.0.1", device.Port, ZoneType.HomeManager).WaitAsync(TestTlsServer.Guard));

        Assert.Equal(CommissioningStep.Csr, error.Step);
        Assert.Equal(CommissioningErrorCode.CsrFailed, error.ErrorCode);
        await device.Run.WaitAsync(TestTlsServer.Guard);
        Assert.Null(device.CertInstall);
        Assert.Empty(state.Devices);
    }

    [Fact]
    public async Task Nobody_listening_fails_the_connect_step_with_the_address()
    {
        using ControllerState state = ControllerState.Open(_folder.StatePath);
        int port;
        using (var probe = TestTlsServer.Start())
        {
            port = probe.Port;
        }

        var error = await Assert.ThrowsAsync<CommissioningException>(
            () => new Commissioner(state, _time).CommissionAsync(Payload, "127.0.0.1", port, ZoneType.HomeManager).WaitAsync(TestTlsServer.Guard));

        Assert.Equal(CommissioningStep.Connect, error.Step);
        Assert.StartsWith("connecting to 127.0.0.1:" + port + " failed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_state_that_holds_another_zone_type_is_refused_before_the_device_is_contacted()
    {
        using ControllerState state = ControllerState.Open(_folder.StatePath);
        state.EnsureZone(ZoneType.HomeManager, _time.GetUtcNow());
        await using var device = FakeDevice.Start(DeviceCode);
        var steps = new StepLog();

        var error = await Assert.ThrowsAsync<ControllerStateException>(
            () => new Commissioner(state, _time).CommissionAsync(Payload, "127.0.0.1", device.Port, ZoneType.GridOperator, steps));

        Assert.Equal(
            $"the controller state in {_folder.StatePath} is a home-manager zone; a controller is one zone, so use another --state folder to act as grid-operator",
            error.Message);
        Assert.Empty(steps.Steps);
    }

    /// <summary>Records steps synchronously, in the order they were reported.</summary>
    private sealed class StepLog : IProgress<CommissioningStep>
    {
        private readonly List<CommissioningStep> _steps = [];
        private readonly Dictionary<CommissioningStep, TaskCompletionSource> _seen = [];

        public List<CommissioningStep> Steps
        {
            get
            {
                lock (_steps)
                {
                    return [.. _steps];
                }
            }
        }

        public void Report(CommissioningStep value)
        {
            lock (_steps)
            {
                _steps.Add(value);
                Signal(value).TrySetResult();
            }
        }

        public Task WaitForAsync(CommissioningStep step)
        {
            lock (_steps)
            {
                return Signal(step).Task.WaitAsync(TestTlsServer.Guard);
            }
        }

        private TaskCompletionSource Signal(CommissioningStep step)
        {
            if (!_seen.TryGetValue(step, out TaskCompletionSource? signal))
            {
                signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _seen[step] = signal;
            }

            return signal;
        }
    }
}
