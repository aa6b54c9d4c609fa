using System;
using Mash.Device.Composition;
using Mash.Device.Identity;
using Mash.Device.Load;
using Mash.Device.Model;
using Mash.Device.Runtime;
using Mash.Device.Storage;
using Mash.Device.Tests.Boards;
using Mash.Device.Tests.Relays;
using Mash.Device.Tests.Transport;
using Mash.Device.Transport;
using Mash.Protocol.Commissioning;
using Mash.Protocol.DotNet;
using Mash.Protocol.DotNet.Crypto;
using Mash.Protocol.Onboarding;
using Mash.Protocol.Pase;
using Mash.Protocol.Wire;

namespace Mash.Device.Tests.Composition;

/// <summary>The composition root builds a working device from in-memory seams: flash, relays, clock and a fake channel.</summary>
public sealed class DeviceCoreTests : IDisposable
{
    private static readonly PlatformCrypto HostCrypto = new(SystemCryptoPal.Instance, OpenSslP256Group.Instance, DotNetX509.Instance, DateTime.MinValue);

    private static readonly SetupCode Code = new(20252026);
    private readonly VirtualClock _clock = new();
    private readonly InMemoryFlashStore _flash = new();
    private readonly CollectingLogSink _log = new();
    private readonly DeviceIdentity _identity;

    public DeviceCoreTests() => _identity = DeviceIdentity.Create(SystemCryptoPal.Instance, DotNetX509.Instance, new Discriminator(1), true, Code, _clock.UtcNow);

    public void Dispose() => _identity.Dispose();

    [Fact]
    public void A_new_device_opens_its_window_powers_on_its_relays_and_runs_its_load_control_autonomously()
    {
        var driver = new FakeRelayDriver(3);
        var core = new DeviceCore(_clock, _flash, driver, _log, HostCrypto, TestBoards.WaterHeater(), _identity);

        Assert.True(core.Commissioning.Window.IsOpen);
        Assert.Equal(ControlState.Autonomous, core.Load.ControlState);
        Assert.Equal(LoadLimits.NoLimit, core.Load.EffectiveConsumptionLimitMw);
        Assert.Equal(0, core.Zones.Count);
        Assert.Equal(FailsafePhase.Idle, core.Load.FailsafePhase);
    }

    [Fact]
    public void A_new_device_started_with_open_window_says_once_that_its_window_is_open()
    {
        var core = new DeviceCore(_clock, _flash, new FakeRelayDriver(3), _log, HostCrypto, TestBoards.WaterHeater(), _identity, new DeviceCoreOptions { OpenWindow = true });

        Assert.True(core.Commissioning.Window.IsOpen);
        string opened = Assert.Single(_log.Lines, l => l.Message.StartsWith("commissioning window open", StringComparison.Ordinal)).Message;
        Assert.Contains("--open-window", opened, StringComparison.Ordinal);
    }

    [Fact]
    public void A_controller_pairs_over_a_fake_channel_and_reads_through_the_whole_graph()
    {
        var core = new DeviceCore(_clock, _flash, new FakeRelayDriver(3), _log, HostCrypto, TestBoards.WaterHeater(), _identity, new DeviceCoreOptions { PaseOnlySessions = true });
        var channel = new FakeChannel();
        DeviceConnection connection = core.Connections.Open(channel, PeerCredentials.Anonymous)!;

        // PASE, routed by the root's router to commissioning.
        var prover = new Spake2PlusProver(SystemCryptoPal.Instance, OpenSslP256Group.Instance, Code);
        CommissioningMessage response = Exchange(core, channel, connection, CommissioningMessage.PaseRequest(prover.Start(), Spake2Plus.ProverIdentity));
        Assert.Equal(CommissioningMessageType.PaseResponse, response.Type);
        CommissioningMessage complete = Exchange(core, channel, connection, CommissioningMessage.PaseConfirm(prover.Finish(response.Data)));
        Assert.Equal(CommissioningErrorCode.Success, complete.ErrorCode);

        // A read, routed to interaction, served by the model over the real load control.
        int before = channel.Sent.Count;
        core.Connections.Receive(connection, MessageCodec.Encode(new Request(1, Operation.Read, SmartLoadModel.LoadEndpoint, FeatureIds.EnergyControl, null)));
        Assert.True(channel.Sent.Count > before, "no answer to the read");
        Response read = MessageCodec.DecodeResponse(channel.Sent[before]);
        Assert.Equal(StatusCode.Success, read.Status);

        // The PASE-only session counts as a connected (temporary) zone in the load control.
        Assert.Equal(ControlState.Controlled, core.Load.ControlState);
    }

    [Fact]
    public void A_persisted_failsafe_cap_limits_the_relays_at_power_on()
    {
        new LoadStateRecord([true, true, true], 3000).Write(_flash);
        var driver = new FakeRelayDriver(3);
        var core = new DeviceCore(_clock, _flash, driver, _log, HostCrypto, TestBoards.WaterHeater(powerOnState: Mash.Device.Boards.PowerOnState.RestoreLast), _identity);

        Assert.True(core.Relays.ActiveWatts <= 3000, core.Relays.ActiveWatts + " W on under a 3000 W cap");
        Assert.True(core.Relays.ActiveWatts > 0);
    }

    private static CommissioningMessage Exchange(DeviceCore core, FakeChannel channel, DeviceConnection connection, CommissioningMessage message)
    {
        int before = channel.Sent.Count;
        core.Connections.Receive(connection, message.Encode());
        Assert.True(channel.Sent.Count > before, "no answer to " + message.Type);
        return CommissioningMessage.Decode(channel.Sent[before]);
    }
}
