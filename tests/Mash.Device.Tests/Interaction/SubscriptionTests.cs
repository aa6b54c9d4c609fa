using System;
using System.Collections.Generic;
using Mash.Device.Interaction;
using Mash.Device.Load;
using Mash.Device.Model;
using Mash.Device.Transport;
using Mash.Protocol.Wire;
using Mash.Protocol.Zones;

namespace Mash.Device.Tests.Interaction;

/// <summary>[63] subscription-semantics, timed exactly on the virtual clock (times are seconds since the subscription).</summary>
public class SubscriptionTests
{
    private const byte Load = 1;
    private readonly InteractionRig _rig = new();
    private readonly Peer _peer;

    public SubscriptionTests()
    {
        _peer = _rig.Connect();
    }

    [Fact]
    public void Priming_values_travel_in_the_subscribe_response_and_nothing_else_is_sent()
    {
        _rig.Load.SetLimit("zone-a", ZoneType.HomeManager, true, 5_000_000, TimeSpan.Zero, LimitCause.LocalOptimization);
        Response response = _peer.Subscribe(Load, FeatureIds.EnergyControl, [2, 20, 21]);

        Assert.Equal(StatusCode.Success, response.Status);
        Assert.Equal("{1: 1, 2: {2: 2, 20: 5000000, 21: 5000000}}", response.Payload.ToString());
        _rig.RunUntil(59.999);
        Assert.Empty(_peer.TakeFrames());
    }

    [Fact]
    public void Subscribing_to_all_primes_every_own_attribute_of_the_feature()
    {
        Response response = _peer.Subscribe(Load, FeatureIds.EnergyControl, []);
        Assert.True(response.Payload.TryGetValue(2, out CborValue? priming));
        Assert.Equal(EnergyControlFeature.Declare().Attributes.Length, priming.Count);
    }

    [Fact]
    public void Subscription_ids_count_from_1_on_each_connection()
    {
        Assert.Equal(1u, _peer.SubscribeOk(Load, FeatureIds.Measurement));
        Assert.Equal(2u, _peer.SubscribeOk(Load, FeatureIds.Status));
        Peer other = _rig.Connect("zone-b");
        Assert.Equal(1u, other.SubscribeOk(Load, FeatureIds.Measurement));
    }

    [Fact]
    public void A_change_notification_has_the_reference_shape()
    {
        _peer.SubscribeOk(Load, FeatureIds.Measurement, [1], minMs: 0);
        _rig.Load.SetActivePower(2_380_000);
        _rig.RunSeconds(0);

        byte[] frame = Assert.Single(_peer.TakeFrames());
        Assert.Equal(Convert.FromHexString("a5010002010301040405a1011a002450e0"), frame);
    }

    [Fact]
    public void The_coalescing_window_starts_at_the_first_change_not_at_the_previous_report()
    {
        // TC-SUB-012: minInterval 10 s, priming at 0, changes at 5 and 7 -> one report at 15.
        uint id = _peer.SubscribeOk(Load, FeatureIds.Measurement, [1], minMs: 10_000, maxMs: 60_000);
        _rig.RunUntil(5);
        _rig.Load.SetActivePower(1_000_000);
        _rig.RunUntil(7);
        _rig.Load.SetActivePower(2_000_000);
        _rig.RunUntil(14.999);
        Assert.Empty(_peer.TakeFrames());

        _rig.RunUntil(15);
        Notification report = Assert.Single(_peer.TakeNotifications());
        Assert.Equal(id, report.SubscriptionId);
        Assert.Equal(Load, report.EndpointId);
        Assert.Equal(FeatureIds.Measurement, report.FeatureId);
        Assert.Equal("{1: 2000000}", report.Changes.ToString());
    }

    [Fact]
    public void Changes_within_minInterval_are_sent_once_with_the_last_value()
    {
        // TC-SUB-002: A, B, C one second apart, minInterval 5 s -> C only, 5 s after A.
        _peer.SubscribeOk(Load, FeatureIds.Measurement, [1], minMs: 5000, maxMs: 60_000);
        _rig.RunUntil(20);
        _rig.Load.SetActivePower(1_000_000);
        _rig.RunUntil(21);
        _rig.Load.SetActivePower(2_000_000);
        _rig.RunUntil(22);
        _rig.Load.SetActivePower(3_000_000);
        _rig.RunUntil(24.999);
        Assert.Empty(_peer.TakeFrames());

        _rig.RunUntil(25);
        Assert.Equal("{1: 3000000}", Assert.Single(_peer.TakeNotifications()).Changes.ToString());
        _rig.RunUntil(50);
        Assert.Empty(_peer.TakeFrames());
    }

    [Fact]
    public void The_next_report_waits_minInterval_from_the_next_first_change()
    {
        _peer.SubscribeOk(Load, FeatureIds.Measurement, [1], minMs: 10_000, maxMs: 600_000);
        _rig.RunUntil(1);
        _rig.Load.SetActivePower(1_000_000);
        _rig.RunUntil(11);
        Assert.Single(_peer.TakeNotifications());

        _rig.RunUntil(12);
        _rig.Load.SetActivePower(2_000_000);
        _rig.RunUntil(21.999);
        Assert.Empty(_peer.TakeFrames());
        _rig.RunUntil(22);
        Assert.Equal("{1: 2000000}", Assert.Single(_peer.TakeNotifications()).Changes.ToString());
    }

    [Fact]
    public void With_minInterval_0_every_change_is_reported_at_once()
    {
        // TC-SUB-010: A -> B -> C as separate events gives three reports.
        _peer.SubscribeOk(Load, FeatureIds.Measurement, [1], minMs: 0, maxMs: 60_000);
        var seen = new List<string>();
        foreach (long mw in new long[] { 1_000_000, 2_000_000, 3_000_000 })
        {
            _rig.Load.SetActivePower(mw);
            _rig.RunSeconds(0);
            seen.Add(Assert.Single(_peer.TakeNotifications()).Changes.ToString());
        }

        Assert.Equal(["{1: 1000000}", "{1: 2000000}", "{1: 3000000}"], seen);
    }

    [Fact]
    public void A_value_that_bounces_back_within_the_window_is_not_sent()
    {
        // TC-SUB-003: X -> Y at 0, back to X at 2, minInterval 5: nothing until the heartbeat.
        _peer.SubscribeOk(Load, FeatureIds.Measurement, [1], minMs: 5000, maxMs: 60_000);
        _rig.Load.SetActivePower(1_000_000);
        _rig.RunUntil(2);
        _rig.Load.SetActivePower(0);
        _rig.RunUntil(59.999);
        Assert.Empty(_peer.TakeFrames());

        _rig.RunUntil(60);
        Assert.Equal(0, Assert.Single(_peer.TakeNotifications()).Changes.Count);
    }

    [Fact]
    public void Bounce_back_is_judged_per_attribute()
    {
        // Spec 3.3: attr1 A->B->A and attr2 X->Y within the window: only attr2 is sent.
        _peer.SubscribeOk(Load, FeatureIds.EnergyControl, [70, 72], minMs: 5000, maxMs: 60_000);
        _rig.Load.SetFailsafeConsumptionLimit(1_000_000);
        _rig.RunUntil(1);
        _rig.Load.SetFailsafeDuration(TimeSpan.FromHours(2));
        _rig.RunUntil(2);
        _rig.Load.SetFailsafeConsumptionLimit(0);
        _rig.RunUntil(4.999);
        Assert.Empty(_peer.TakeFrames());

        _rig.RunUntil(5);
        Assert.Equal("{72: 7200}", Assert.Single(_peer.TakeNotifications()).Changes.ToString());
    }

    [Fact]
    public void After_maxInterval_without_a_report_an_empty_heartbeat_is_sent_and_repeated()
    {
        // TC-SUB-004 with HEARTBEAT_CONTENT "empty".
        Assert.Equal("empty", SubscriptionLimits.HeartbeatContent);
        uint id = _peer.SubscribeOk(Load, FeatureIds.EnergyControl, [2, 20], minMs: 5000, maxMs: 30_000);
        _rig.RunUntil(29.999);
        Assert.Empty(_peer.TakeFrames());

        _rig.RunUntil(30);
        byte[] heartbeat = Assert.Single(_peer.TakeFrames());
        Assert.Equal(Convert.FromHexString("a50100020103010405" + "05a0"), heartbeat);
        Assert.Equal(id, MessageCodec.DecodeNotification(heartbeat).SubscriptionId);

        _rig.RunUntil(59.999);
        Assert.Empty(_peer.TakeFrames());
        _rig.RunUntil(60);
        Assert.Single(_peer.TakeNotifications());
    }

    [Fact]
    public void A_change_report_restarts_the_heartbeat_interval()
    {
        // Spec 5.3: report at 30 -> heartbeat at 90, not at 60.
        _peer.SubscribeOk(Load, FeatureIds.Measurement, [1], minMs: 5000, maxMs: 60_000);
        _rig.RunUntil(25);
        _rig.Load.SetActivePower(1_000_000);
        _rig.RunUntil(30);
        Assert.Single(_peer.TakeNotifications());
        _rig.RunUntil(89.999);
        Assert.Empty(_peer.TakeFrames());
        _rig.RunUntil(90);
        Assert.Equal(0, Assert.Single(_peer.TakeNotifications()).Changes.Count);
    }

    [Fact]
    public void A_heartbeat_due_while_a_change_waits_goes_out_on_time_and_the_change_follows_at_its_window_end()
    {
        _peer.SubscribeOk(Load, FeatureIds.Measurement, [1], minMs: 20_000, maxMs: 30_000);
        _rig.RunUntil(25);
        _rig.Load.SetActivePower(1_000_000);
        _rig.RunUntil(30);
        Assert.Equal(0, Assert.Single(_peer.TakeNotifications()).Changes.Count);
        _rig.RunUntil(44.999);
        Assert.Empty(_peer.TakeFrames());
        _rig.RunUntil(45);
        Assert.Equal("{1: 1000000}", Assert.Single(_peer.TakeNotifications()).Changes.ToString());
    }

    [Fact]
    public void A_change_report_carries_only_what_changed()
    {
        // TC-SUB-005: another zone lowers the effective limit; controlState and this zone's own limit stay.
        _rig.Load.SetLimit("zone-a", ZoneType.HomeManager, true, 5_000_000, TimeSpan.Zero, LimitCause.LocalOptimization);
        _peer.SubscribeOk(Load, FeatureIds.EnergyControl, [2, 20, 21], minMs: 1000, maxMs: 60_000);
        Peer grid = _rig.Connect("zone-grid", ZoneType.GridOperator);
        Assert.Equal(StatusCode.Success, grid.Invoke(Load, FeatureIds.EnergyControl, 1, SetLimitParameters(3_000_000)).Status);

        _rig.RunUntil(1);
        Assert.Equal("{20: 3000000}", Assert.Single(_peer.TakeNotifications()).Changes.ToString());
    }

    [Fact]
    public void Each_report_carries_only_what_changed_since_the_previous_report_of_that_subscription()
    {
        _peer.SubscribeOk(Load, FeatureIds.EnergyControl, [70, 72], minMs: 0, maxMs: 60_000);
        _rig.Load.SetFailsafeConsumptionLimit(1_000_000);
        _rig.RunSeconds(0);
        Assert.Equal("{70: 1000000}", Assert.Single(_peer.TakeNotifications()).Changes.ToString());

        _rig.Load.SetFailsafeDuration(TimeSpan.FromHours(2));
        _rig.RunSeconds(0);
        Assert.Equal("{72: 7200}", Assert.Single(_peer.TakeNotifications()).Changes.ToString());
    }

    [Fact]
    public void Attributes_changed_together_arrive_in_one_report()
    {
        // TC-SUB-006: SetLimit changes controlState, the effective and the own limit at once.
        _peer.SubscribeOk(Load, FeatureIds.EnergyControl, [2, 20, 21], minMs: 1000, maxMs: 60_000);
        Assert.Equal(StatusCode.Success, _peer.Invoke(Load, FeatureIds.EnergyControl, 1, SetLimitParameters(4_000_000)).Status);

        _rig.RunUntil(0.999);
        Assert.Empty(_peer.TakeFrames());
        _rig.RunUntil(1);
        Assert.Equal("{2: 2, 20: 4000000, 21: 4000000}", Assert.Single(_peer.TakeNotifications()).Changes.ToString());
    }

    [Fact]
    public void Only_subscribed_attributes_are_reported()
    {
        // TC-SUB-011: a change of myConsumptionLimit alone is not reported to a [20] subscription.
        _rig.Load.SetLimit("zone-grid", ZoneType.GridOperator, true, 3_000_000, TimeSpan.Zero, LimitCause.GridEmergency);
        _peer.SubscribeOk(Load, FeatureIds.EnergyControl, [20], minMs: 1000, maxMs: 600_000);
        _peer.Invoke(Load, FeatureIds.EnergyControl, 1, SetLimitParameters(6_000_000));
        _rig.RunUntil(100);
        Assert.Empty(_peer.TakeFrames());

        _peer.Invoke(Load, FeatureIds.EnergyControl, 1, SetLimitParameters(2_000_000));
        _rig.RunUntil(101);
        Assert.Equal("{20: 2000000}", Assert.Single(_peer.TakeNotifications()).Changes.ToString());
    }

    [Fact]
    public void Another_zone_setting_its_own_limit_is_not_reported_as_this_zones_limit()
    {
        _peer.SubscribeOk(Load, FeatureIds.EnergyControl, [21], minMs: 0, maxMs: 600_000);
        Peer other = _rig.Connect("zone-b", ZoneType.UserApp);
        other.Invoke(Load, FeatureIds.EnergyControl, 1, SetLimitParameters(1_000_000));
        _rig.RunUntil(10);
        Assert.Empty(_peer.TakeFrames());
    }

    [Fact]
    public void The_eleventh_subscription_is_RESOURCE_EXHAUSTED_and_the_ten_keep_working()
    {
        // TC-SUB-009.
        for (int i = 0; i < SubscriptionLimits.MaxSubscriptions; i++)
        {
            _peer.SubscribeOk(Load, FeatureIds.Measurement, [1], minMs: 0, maxMs: 60_000);
        }

        Response refused = _peer.Subscribe(Load, FeatureIds.Measurement, [1]);
        Assert.Equal(StatusCode.ResourceExhausted, refused.Status);
        Assert.Equal(10, _rig.Handler.SubscriptionCount);

        _rig.Load.SetActivePower(1_000_000);
        _rig.RunSeconds(0);
        Assert.Equal(10, _peer.TakeNotifications().Count);

        Assert.Equal(StatusCode.Success, _peer.Unsubscribe(4).Status);
        Assert.Equal(11u, _peer.SubscribeOk(Load, FeatureIds.Measurement, [1]));
    }

    [Fact]
    public void A_subscription_asking_for_more_than_20_attributes_is_RESOURCE_EXHAUSTED()
    {
        var ids = new ushort[SubscriptionLimits.MaxAttributesPerSubscription + 1];
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = (ushort)(i + 1);
        }

        Assert.Equal(StatusCode.ResourceExhausted, _peer.Subscribe(Load, FeatureIds.EnergyControl, ids).Status);
        Assert.Equal(StatusCode.Success, _peer.Subscribe(Load, FeatureIds.EnergyControl, ids[..20]).Status);
    }

    [Theory]
    [InlineData(100_000L, 50_000L)] // TC-SUB-008: min > max
    [InlineData(null, 0L)] // max = 0: a heartbeat is required
    [InlineData(0L, 999L)]
    [InlineData(3_600_001L, 86_400_000L)]
    [InlineData(1000L, 86_400_001L)]
    [InlineData(-1L, 60_000L)]
    [InlineData(120_000L, 60_000L)]
    public void Intervals_outside_the_declared_ranges_are_CONSTRAINT_ERROR_and_never_corrected(long? minMs, long? maxMs)
    {
        Assert.Equal(0, SubscriptionLimits.IntervalAutocorrect);
        Response response = _peer.Subscribe(Load, FeatureIds.Measurement, [1], minMs, maxMs);
        Assert.Equal(StatusCode.ConstraintError, response.Status);
        Assert.Equal(0, _rig.Handler.SubscriptionCount);
    }

    [Theory]
    [InlineData(0L, 1000L)]
    [InlineData(3_600_000L, 86_400_000L)]
    [InlineData(5000L, 5000L)]
    public void Intervals_at_the_declared_limits_are_accepted(long minMs, long maxMs)
    {
        Assert.Equal(StatusCode.Success, _peer.Subscribe(Load, FeatureIds.Measurement, [1], minMs, maxMs).Status);
    }

    [Fact]
    public void An_interval_that_is_not_an_integer_is_INVALID_PARAMETER()
    {
        var payload = new CborMap().Set(1, ReadTests.Ids(1)).Set(2, CborValue.FromText("1s"));
        Assert.Equal(StatusCode.InvalidParameter, _peer.Send(Operation.Subscribe, Load, FeatureIds.Measurement, CborValue.FromMap(payload)).Status);
        Assert.Equal(StatusCode.InvalidParameter, _peer.Send(Operation.Subscribe, Load, FeatureIds.Measurement, CborValue.FromArray()).Status);
    }

    [Fact]
    public void Without_intervals_the_defaults_of_1_s_and_60_s_apply()
    {
        _peer.SubscribeOk(Load, FeatureIds.Measurement, [1]);
        _rig.RunUntil(10);
        _rig.Load.SetActivePower(1_000_000);
        _rig.RunUntil(10.999);
        Assert.Empty(_peer.TakeFrames());
        _rig.RunUntil(11);
        Assert.Single(_peer.TakeNotifications());
        _rig.RunUntil(70.999);
        Assert.Empty(_peer.TakeFrames());
        _rig.RunUntil(71);
        Assert.Equal(0, Assert.Single(_peer.TakeNotifications()).Changes.Count);
    }

    [Fact]
    public void A_long_minInterval_without_maxInterval_raises_the_default_heartbeat_to_it()
    {
        _peer.SubscribeOk(Load, FeatureIds.Measurement, [1], minMs: 120_000);
        _rig.RunUntil(119.999);
        Assert.Empty(_peer.TakeFrames());
        _rig.RunUntil(120);
        Assert.Single(_peer.TakeNotifications());
    }

    [Fact]
    public void Unknown_attribute_ids_are_skipped_but_a_list_of_only_unknown_ones_is_INVALID_ATTRIBUTE()
    {
        Response response = _peer.Subscribe(Load, FeatureIds.Measurement, [1, 2]);
        Assert.Equal(StatusCode.Success, response.Status);
        Assert.True(response.Payload.TryGetValue(2, out CborValue? priming));
        Assert.Equal("{1: 0}", priming.ToString());

        Assert.Equal(StatusCode.InvalidAttribute, _peer.Subscribe(Load, FeatureIds.Measurement, [2, 3]).Status);
    }

    [Fact]
    public void Unsubscribe_stops_the_reports_and_an_unknown_id_is_INVALID_PARAMETER()
    {
        uint id = _peer.SubscribeOk(Load, FeatureIds.Measurement, [1], minMs: 0, maxMs: 1000);
        Response response = _peer.Unsubscribe(id);
        Assert.Equal(StatusCode.Success, response.Status);
        Assert.Equal(0, response.Payload.Count);

        _rig.Load.SetActivePower(1_000_000);
        _rig.RunUntil(3600);
        Assert.Empty(_peer.TakeFrames());
        Assert.Equal(StatusCode.InvalidParameter, _peer.Unsubscribe(id).Status);
        Assert.Equal(StatusCode.InvalidParameter, _peer.Send(Operation.Subscribe, 0, 0, CborValue.FromMap(new CborMap())).Status);
        Assert.Equal(StatusCode.InvalidParameter, _peer.Send(Operation.Subscribe, 0, 0).Status);
    }

    [Fact]
    public void A_connection_cannot_end_another_connections_subscription()
    {
        uint id = _peer.SubscribeOk(Load, FeatureIds.Measurement, [1], minMs: 0);
        Peer other = _rig.Connect("zone-b");
        Assert.Equal(StatusCode.InvalidParameter, other.Unsubscribe(id).Status);
        Assert.Equal(1, _rig.Handler.SubscriptionCount);
    }

    [Fact]
    public void Subscriptions_end_with_their_connection_and_a_reconnect_starts_afresh()
    {
        // TC-SUB-007 and PERSIST_RECONNECT=0.
        _peer.SubscribeOk(Load, FeatureIds.Measurement, [1], minMs: 0, maxMs: 1000);
        _peer.SubscribeOk(Load, FeatureIds.Status, null, minMs: 0, maxMs: 1000);
        _rig.Manager.ChannelClosed(_peer.Connection, CloseReason.ConnectionLost);

        Assert.Equal(0, _rig.Handler.SubscriptionCount);
        Assert.False(_rig.Scheduler.HasNextDeadline);
        int sent = _peer.Channel.Sent.Count;
        _rig.Load.SetActivePower(1_000_000);
        _rig.RunUntil(3600);
        Assert.Equal(sent, _peer.Channel.Sent.Count);

        Peer again = _rig.Connect("zone-a");
        Response response = again.Subscribe(Load, FeatureIds.Measurement, [1]);
        Assert.Equal("{1: 1, 2: {1: 1000000}}", response.Payload.ToString());
    }

    [Fact]
    public void A_report_to_a_peer_that_stopped_reading_drops_only_that_connection()
    {
        _peer.SubscribeOk(Load, FeatureIds.Measurement, [1], minMs: 0);
        Peer other = _rig.Connect("zone-b");
        other.SubscribeOk(Load, FeatureIds.Measurement, [1], minMs: 0);
        _peer.Channel.QueueLimit = _peer.Channel.Sent.Count;

        _rig.Load.SetActivePower(1_000_000);
        _rig.RunSeconds(0);

        Assert.Equal(ConnectionState.Closed, _peer.Connection.State);
        Assert.Single(other.TakeNotifications());
        Assert.Equal(1, _rig.Handler.SubscriptionCount);
    }

    private static CborValue SetLimitParameters(long milliwatts) =>
        CborValue.FromMap(new CborMap().Set("consumptionLimit", CborValue.FromInt64(milliwatts)).Set("cause", CborValue.FromInt64(3)));
}
