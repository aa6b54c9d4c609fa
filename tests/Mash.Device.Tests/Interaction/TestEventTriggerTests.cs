using System;
using System.Collections.Generic;
using Mash.Device.Diagnostics;
using Mash.Device.Interaction;
using Mash.Device.Model;
using Mash.Device.Runtime;
using Mash.Device.Transport;
using Mash.Protocol.Wire;

namespace Mash.Device.Tests.Interaction;

public class TestEventTriggerTests
{
    private static readonly byte[] Key = Convert.FromHexString("00112233445566778899aabbccddeeff");

    [Fact]
    public void Without_an_enable_key_the_trigger_is_UNSUPPORTED_and_not_listed()
    {
        var rig = new InteractionRig();
        Peer peer = rig.Connect();
        Response response = peer.Invoke(0, FeatureIds.DeviceInfo, TestEventTriggers.CommandId, Trigger(Key, TestEventTriggers.SimulateConnectionLoss));

        Assert.Equal(StatusCode.Unsupported, response.Status);
        Assert.Equal("{65530: [16, 17, 18]}", peer.Read(0, FeatureIds.DeviceInfo, ReadTests.Ids(0xFFFA)).Payload.ToString());
        rig.RunSeconds(5);
        Assert.Equal(ConnectionState.Open, peer.Connection.State);
    }

    [Fact]
    public void With_an_enable_key_the_trigger_is_listed_in_acceptedCommandList()
    {
        (InteractionRig rig, _) = Enabled();
        Assert.Equal("{65530: [16, 17, 18, 240]}", rig.Connect().Read(0, FeatureIds.DeviceInfo, ReadTests.Ids(0xFFFA)).Payload.ToString());
    }

    [Theory]
    [InlineData("00112233445566778899aabbccddeefe")]
    [InlineData("00112233445566778899aabbccddee")]
    [InlineData("")]
    public void A_wrong_enable_key_is_NOT_AUTHORIZED_and_triggers_nothing(string keyHex)
    {
        (InteractionRig rig, FakeTimerControl timers) = Enabled();
        Response response = rig.Connect().Invoke(0, FeatureIds.DeviceInfo, TestEventTriggers.CommandId, Trigger(Convert.FromHexString(keyHex), TestEventTriggers.ShortenFailsafe | 30));
        Assert.Equal(StatusCode.NotAuthorized, response.Status);
        Assert.Empty(timers.Calls);
    }

    [Theory]
    [InlineData(TestEventTriggers.ShortenFailsafe | 30, "failsafe 30")]
    [InlineData(TestEventTriggers.ShortenFailsafe, "failsafe 10")]
    [InlineData(TestEventTriggers.ShortenDurations | 5, "durations 5")]
    [InlineData(TestEventTriggers.RestoreTimers, "restore")]
    public void With_the_right_key_the_timer_triggers_reach_the_timers(ulong trigger, string expected)
    {
        (InteractionRig rig, FakeTimerControl timers) = Enabled();
        Response response = rig.Connect().Invoke(0, FeatureIds.DeviceInfo, TestEventTriggers.CommandId, Trigger(Key, trigger));
        Assert.Equal(StatusCode.Success, response.Status);
        Assert.Equal([expected], timers.Calls);
    }

    [Fact]
    public void The_parameters_may_use_integer_keys()
    {
        (InteractionRig rig, FakeTimerControl timers) = Enabled();
        var parameters = new CborMap().Set(1, CborValue.FromBytes(Key)).Set(2, CborValue.FromUInt64(TestEventTriggers.ShortenDurations | 3));
        Assert.Equal(StatusCode.Success, rig.Connect().Invoke(0, FeatureIds.DeviceInfo, TestEventTriggers.CommandId, CborValue.FromMap(parameters)).Status);
        Assert.Equal(["durations 3"], timers.Calls);
    }

    [Fact]
    public void An_unknown_trigger_is_INVALID_PARAMETER()
    {
        (InteractionRig rig, FakeTimerControl timers) = Enabled();
        Response response = rig.Connect().Invoke(0, FeatureIds.DeviceInfo, TestEventTriggers.CommandId, Trigger(Key, 0x0000_0099_0000_0000));
        Assert.Equal(StatusCode.InvalidParameter, response.Status);
        Assert.Empty(timers.Calls);
    }

    [Fact]
    public void Timer_triggers_are_UNSUPPORTED_while_nothing_implements_the_timers()
    {
        var rig = new InteractionRig(new TestEventTriggerSettings(Key));
        Response response = rig.Connect().Invoke(0, FeatureIds.DeviceInfo, TestEventTriggers.CommandId, Trigger(Key, TestEventTriggers.ShortenFailsafe));
        Assert.Equal(StatusCode.Unsupported, response.Status);
    }

    [Fact]
    public void A_simulated_connection_loss_answers_first_then_cuts_the_callers_connection_without_a_close()
    {
        (InteractionRig rig, _) = Enabled();
        var closed = new List<CloseReason>();
        rig.Manager.Closed = (_, reason) => closed.Add(reason);
        Peer caller = rig.Connect("zone-a");
        Peer bystander = rig.Connect("zone-b");
        caller.SubscribeOk(1, FeatureIds.Measurement, [1]);

        Response response = caller.Invoke(0, FeatureIds.DeviceInfo, TestEventTriggers.CommandId, Trigger(Key, TestEventTriggers.SimulateConnectionLoss));
        Assert.Equal(StatusCode.Success, response.Status);
        rig.Run(TimeSpan.FromMilliseconds(TestEventTriggers.ConnectionLossDelayMilliseconds - 1));
        Assert.Equal(ConnectionState.Open, caller.Connection.State);

        rig.Run(TimeSpan.FromMilliseconds(1));
        Assert.Equal(ConnectionState.Closed, caller.Connection.State);
        Assert.True(caller.Channel.Aborted);
        Assert.Equal([CloseReason.ConnectionLost], closed);
        Assert.Empty(caller.TakeFrames());
        Assert.Equal(ConnectionState.Open, bystander.Connection.State);
        Assert.Equal(0, rig.Handler.SubscriptionCount);
    }

    [Fact]
    public void An_all_zero_or_short_enable_key_is_refused_at_configuration()
    {
        Assert.Throws<ArgumentException>(() => new TestEventTriggerSettings(new byte[16]));
        Assert.Throws<ArgumentException>(() => new TestEventTriggerSettings(new byte[8]));
    }

    [Fact]
    public void The_model_and_the_handler_must_agree_on_whether_triggers_are_enabled()
    {
        var clock = new VirtualClock();
        var scheduler = new Scheduler(clock, NullLogSink.Instance);
        DeviceModel plain = SmartLoadModel.Create(Boards.TestBoards.WaterHeater(), "d", null, new SimpleLoadControl());
        DeviceModel withTrigger = SmartLoadModel.Create(Boards.TestBoards.WaterHeater(), "d", null, new SimpleLoadControl(), testEventTriggers: true);
        Assert.Throws<ArgumentException>(() => new InteractionHandler(plain, scheduler, NullLogSink.Instance, new TestEventTriggerSettings(Key)));
        Assert.Throws<ArgumentException>(() => new InteractionHandler(withTrigger, scheduler, NullLogSink.Instance));
    }

    private static (InteractionRig Rig, FakeTimerControl Timers) Enabled()
    {
        var timers = new FakeTimerControl();
        return (new InteractionRig(new TestEventTriggerSettings(Key, timers)), timers);
    }

    private static CborValue Trigger(byte[] key, ulong trigger) => CborValue.FromMap(new CborMap()
        .Set("enableKey", CborValue.FromBytes(key))
        .Set("trigger", CborValue.FromUInt64(trigger)));
}
